import { type AdminApiKey, API_KEY_PREFIX, type ApiKey, type CreatedApiKey } from '@vitrina/contracts'
import { NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId, randomToken, sha256 } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import { presentApiKey } from './api-keys.presenter'
import type { ApiKeysRepo } from './api-keys.repo'

const DAY_MS = 86_400_000

/**
 * Keys belong to the user who made them; nobody, admins included, can act with another user's key.
 * Admins can list every key and revoke any (the route allows admins only).
 */
export function createApiKeysService(deps: { repo: ApiKeysRepo; audit: AuditRepo; now?: () => Date }) {
  const now = deps.now ?? (() => new Date())
  return {
    async list(actor: Actor): Promise<ApiKey[]> {
      return (await deps.repo.listForUser(actor.id)).map(presentApiKey)
    },

    async create(actor: Actor, name: string, expiresInDays: number | null): Promise<CreatedApiKey> {
      const secret = `${API_KEY_PREFIX}${randomToken()}`
      const at = now()
      const row = await deps.repo.insert({
        id: newId(),
        user_id: actor.id,
        name,
        prefix: secret.slice(0, 12),
        secret_hash: sha256(secret),
        expires_at: expiresInDays === null ? null : new Date(at.getTime() + expiresInDays * DAY_MS),
      })
      await deps.audit.record({
        action: 'api_key.created',
        actor,
        target: { type: 'api_key', id: row.id },
        details: { name },
      })
      return { key: presentApiKey(row), secret }
    },

    async listAll(): Promise<AdminApiKey[]> {
      return (await deps.repo.listAll()).map((row) => ({
        ...presentApiKey(row),
        userId: row.user_id,
        userEmail: row.user_email,
      }))
    },

    async revokeAny(actor: Actor, id: string): Promise<void> {
      const row = await deps.repo.findById(id)
      if (!row) throw new NotFoundError('API key')
      if (!row.revoked_at) {
        await deps.repo.revoke(id, now())
        await deps.audit.record({
          action: 'api_key.revoked',
          actor,
          target: { type: 'api_key', id },
          details: { ownerId: row.user_id },
        })
      }
    },

    async revoke(actor: Actor, id: string): Promise<ApiKey> {
      const row = await deps.repo.findForUser(actor.id, id)
      if (!row) throw new NotFoundError('API key')
      if (!row.revoked_at) {
        await deps.repo.revoke(id, now())
        await deps.audit.record({ action: 'api_key.revoked', actor, target: { type: 'api_key', id } })
      }
      return presentApiKey((await deps.repo.findForUser(actor.id, id))!)
    },
  }
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>
