import type { PublicDashboard } from '@vitrina/contracts'
import { type DashboardViewData, viewDataOf } from '../dashboards/model/view-data'

/** The renderer's data for a public link or an embed; `key` keeps its cached card results apart. */
export function publicViewData(dashboard: PublicDashboard, key: string): DashboardViewData {
  return viewDataOf({ ...dashboard, id: key })
}
