import type { DatasetAccess } from '@vitrina/contracts'

const RANK: Record<DatasetAccess, number> = { view: 0, upload: 1, edit: 2, manage: 3 }

/** Levels include the ones below them: an editor may upload, an admin (manage) may do everything. */
export function allows(access: DatasetAccess, needed: DatasetAccess): boolean {
  return RANK[access] >= RANK[needed]
}
