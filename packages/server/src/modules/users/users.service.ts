import type { ApiUser, CreateUserBody, UpdateUserBody } from '@vitrina/contracts'
import { createUserBodySchema } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { AppError, ConflictError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { hashPassword } from '../../lib/passwords'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import type { SessionsRepo } from '../auth/sessions.repo'
import { presentUser } from './users.presenter'
import type { UsersRepo } from './users.repo'

interface Deps {
  db: SystemDb
  repo: UsersRepo
  sessions: SessionsRepo
  audit: AuditRepo
}

/** User administration. Routes allow admins only; the rules here keep at least one active admin. */
export function createUsersService(deps: Deps) {
  async function assertGroupsExist(groupIds: string[]): Promise<void> {
    if (groupIds.length === 0) return
    const found = await deps.db.selectFrom('groups').select('id').where('id', 'in', groupIds).execute()
    const missing = groupIds.filter((id) => !found.some((g) => g.id === id))
    if (missing.length > 0) {
      throw new AppError(400, 'VALIDATION_FAILED', `Unknown group: ${missing.join(', ')}`, {
        issues: [{ path: 'groupIds', message: 'Unknown group' }],
      })
    }
  }

  return {
    async list(): Promise<ApiUser[]> {
      return (await deps.repo.list()).map(presentUser)
    },

    async get(id: string): Promise<ApiUser> {
      return presentUser(await deps.repo.getDetail(id))
    },

    /** Also used by the CLI (`vitrina user create`), where the actor is null. */
    async create(actor: Actor | null, input: CreateUserBody): Promise<ApiUser> {
      const body = createUserBodySchema.parse(input)
      if (await deps.repo.findByEmail(body.email)) {
        throw new ConflictError('EMAIL_TAKEN', `A user with the email ${body.email} already exists`)
      }
      await assertGroupsExist(body.groupIds)
      const id = newId()
      const passwordHash = await hashPassword(body.password)
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert(
          {
            id,
            email: body.email,
            name: body.name,
            role: body.role,
            password_hash: passwordHash,
            locale: null,
          },
          trx,
        )
        await deps.repo.replaceAttributes(id, body.attributes, trx)
        await deps.repo.replaceGroups(id, body.groupIds, trx)
        await deps.audit.record(
          {
            action: 'user.created',
            actor,
            target: { type: 'user', id },
            details: {
              email: body.email,
              role: body.role,
              groupIds: body.groupIds,
              attributes: body.attributes,
            },
          },
          trx,
        )
      })
      return presentUser(await deps.repo.getDetail(id))
    },

    async update(actor: Actor, id: string, patch: UpdateUserBody): Promise<ApiUser> {
      const before = await deps.repo.getDetail(id)
      const losesAdmin =
        before.role === 'admin' &&
        before.is_active &&
        ((patch.role !== undefined && patch.role !== 'admin') || patch.isActive === false)
      if (losesAdmin && (await deps.repo.countActiveAdmins()) <= 1) {
        throw new ConflictError('LAST_ADMIN', 'This is the last active admin; make another admin first')
      }
      if (patch.groupIds) await assertGroupsExist(patch.groupIds)
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined

      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.update(
          id,
          {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.role !== undefined && { role: patch.role }),
            ...(patch.isActive !== undefined && { is_active: patch.isActive }),
            ...(patch.locale !== undefined && { locale: patch.locale }),
            ...(passwordHash && { password_hash: passwordHash }),
          },
          trx,
        )
        if (patch.attributes) await deps.repo.replaceAttributes(id, patch.attributes, trx)
        if (patch.groupIds) await deps.repo.replaceGroups(id, patch.groupIds, trx)
        // Deactivation, a role change or a password reset by an admin ends the user's sessions at once.
        const endsSessions =
          patch.isActive === false ||
          passwordHash !== undefined ||
          (patch.role !== undefined && patch.role !== before.role)
        if (endsSessions) await deps.sessions.deleteForUser(id, trx)

        const action =
          patch.isActive === false && before.is_active
            ? 'user.deactivated'
            : patch.isActive === true && !before.is_active
              ? 'user.reactivated'
              : 'user.updated'
        const { password: _secret, ...visible } = patch
        await deps.audit.record(
          {
            action,
            actor,
            target: { type: 'user', id },
            details: {
              changes: visible,
              passwordReset: passwordHash !== undefined,
              before: { role: before.role, isActive: before.is_active, attributes: before.attributes },
            },
          },
          trx,
        )
        if (patch.attributes || patch.groupIds || (patch.role !== undefined && patch.role !== before.role)) {
          await deps.audit.record(
            {
              action: 'permission.changed',
              actor,
              target: { type: 'user', id },
              details: {
                role: patch.role ?? before.role,
                groupIds: patch.groupIds,
                attributes: patch.attributes,
              },
            },
            trx,
          )
        }
      })
      return presentUser(await deps.repo.getDetail(id))
    },

    async getByEmail(email: string) {
      const user = await deps.repo.findByEmail(email)
      if (!user) throw new NotFoundError('User')
      return user
    },
  }
}

export type UsersService = ReturnType<typeof createUsersService>
