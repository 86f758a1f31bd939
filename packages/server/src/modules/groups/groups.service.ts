import type { ApiGroup } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { AppError, ConflictError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import { presentGroup } from './groups.presenter'
import type { GroupsRepo } from './groups.repo'

export function createGroupsService(deps: { db: SystemDb; repo: GroupsRepo; audit: AuditRepo }) {
  async function get(id: string): Promise<ApiGroup> {
    const row = await deps.repo.find(id)
    if (!row) throw new NotFoundError('Group')
    return presentGroup(row)
  }

  async function assertNameFree(name: string, exceptId: string | null): Promise<void> {
    const existing = await deps.repo.findByName(name)
    if (existing && existing.id !== exceptId)
      throw new ConflictError('CONFLICT', `A group named "${name}" already exists`)
  }

  return {
    get,
    async list(): Promise<ApiGroup[]> {
      return (await deps.repo.list()).map(presentGroup)
    },

    async create(actor: Actor, body: { name: string; description: string }): Promise<ApiGroup> {
      await assertNameFree(body.name, null)
      const id = newId()
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert({ id, ...body }, trx)
        await deps.audit.record(
          { action: 'group.created', actor, target: { type: 'group', id }, details: body },
          trx,
        )
      })
      return get(id)
    },

    async update(actor: Actor, id: string, body: { name: string; description: string }): Promise<ApiGroup> {
      const before = await get(id)
      await assertNameFree(body.name, id)
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.update(id, body, trx)
        await deps.audit.record(
          {
            action: 'group.updated',
            actor,
            target: { type: 'group', id },
            details: { before: { name: before.name, description: before.description }, after: body },
          },
          trx,
        )
      })
      return get(id)
    },

    async delete(actor: Actor, id: string): Promise<void> {
      const before = await get(id)
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.delete(id, trx)
        await deps.audit.record(
          { action: 'group.deleted', actor, target: { type: 'group', id }, details: { name: before.name } },
          trx,
        )
      })
    },

    async members(id: string): Promise<string[]> {
      await get(id)
      return deps.repo.memberIds(id)
    },

    async setMembers(actor: Actor, id: string, userIds: string[]): Promise<string[]> {
      await get(id)
      const unique = [...new Set(userIds)]
      if (unique.length > 0) {
        const found = await deps.db.selectFrom('users').select('id').where('id', 'in', unique).execute()
        const missing = unique.filter((u) => !found.some((f) => f.id === u))
        if (missing.length > 0)
          throw new AppError(400, 'VALIDATION_FAILED', `Unknown user: ${missing.join(', ')}`)
      }
      await deps.db.transaction().execute(async (trx) => {
        const before = await deps.repo.memberIds(id, trx)
        await deps.repo.replaceMembers(id, unique, trx)
        await deps.audit.record(
          {
            action: 'group.members_changed',
            actor,
            target: { type: 'group', id },
            details: { before, after: unique },
          },
          trx,
        )
      })
      return unique
    },
  }
}

export type GroupsService = ReturnType<typeof createGroupsService>
