import type { Migration } from 'kysely'
import * as m0001 from './0001-auth'
import * as m0002 from './0002-datasets'
import * as m0003 from './0003-sources'
import * as m0004 from './0004-questions'
import * as m0005 from './0005-dashboards'
import * as m0006 from './0006-prometheus-sources'
import * as m0007 from './0007-dashboard-shares'
import * as m0008 from './0008-dataset-history'
import * as m0009 from './0009-linked-datasets'
import * as m0010 from './0010-dataset-references'

/** Every migration, in order. Names are permanent once shipped. */
export const migrations: Record<string, Migration> = {
  '0001-auth': m0001,
  '0002-datasets': m0002,
  '0003-sources': m0003,
  '0004-questions': m0004,
  '0005-dashboards': m0005,
  '0006-prometheus-sources': m0006,
  '0007-dashboard-shares': m0007,
  '0008-dataset-history': m0008,
  '0009-linked-datasets': m0009,
  '0010-dataset-references': m0010,
}
