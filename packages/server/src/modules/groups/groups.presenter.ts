import type { ApiGroup } from '@vitrina/contracts'
import type { GroupWithCount } from './groups.repo'

export function presentGroup(row: GroupWithCount): ApiGroup {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberCount: row.member_count,
    createdAt: row.created_at.toISOString(),
  }
}
