import type { DatasetAccess, DatasetPermissionLevel } from '@vitrina/contracts'
import type { Actor } from '../../http/principal'

const RANK: Record<DatasetAccess, number> = { view: 0, upload: 1, edit: 2, manage: 3 }

/** The caller's access to one dataset: admins manage every dataset; others get their highest granted level. */
export function accessOf(actor: Pick<Actor, 'role'>, levels: DatasetPermissionLevel[]): DatasetAccess | null {
  if (actor.role === 'admin') return 'manage'
  let best: DatasetAccess | null = null
  for (const l of levels) if (best === null || RANK[l] > RANK[best]) best = l
  return best
}

export function allows(access: DatasetAccess | null, needed: DatasetAccess): boolean {
  return access !== null && RANK[access] >= RANK[needed]
}
