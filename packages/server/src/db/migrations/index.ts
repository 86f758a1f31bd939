import type { Migration } from 'kysely'
import * as m0001 from './0001-auth'

/** Every migration, in order. Names are permanent once shipped. */
export const migrations: Record<string, Migration> = {
  '0001-auth': m0001,
}
