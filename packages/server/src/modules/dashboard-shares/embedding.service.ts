import type { EmbeddingSettings } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import type { Actor } from '../../http/principal'
import { randomToken } from '../../lib/tokens'
import type { SecretBox } from '../../sources/secret-box'
import type { AuditRepo } from '../audit/audit.repo'

const SETTINGS_KEY = 'embedding'
/** Embed requests read the secret this often at most per process; a rotation elsewhere applies within it. */
const MEMO_MS = 5_000

interface StoredEmbedding {
  /** The secret sealed with the installation key (AES-256-GCM, the settings key as associated data). */
  sealed: string
  rotatedAt: string
  rotatedBy: string
}

export interface EmbeddingSecret {
  secret: string
  /** The admin whose access embeds run with. */
  ownerId: string
  rotatedAt: string
}

// PGlite returns jsonb parsed; some drivers hand back text.
const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

/** The per-installation embedding secret: generated and rotated by an admin, stored sealed. */
export function createEmbeddingService(deps: {
  db: SystemDb
  secrets: SecretBox
  audit: AuditRepo
  origins: string[]
}) {
  let memo: { at: number; value: Promise<EmbeddingSecret | null> } | null = null

  async function load(): Promise<EmbeddingSecret | null> {
    const row = await deps.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETTINGS_KEY)
      .executeTakeFirst()
    if (!row) return null
    const stored = parsed(row.value) as StoredEmbedding
    return {
      secret: deps.secrets.open(stored.sealed, `settings:${SETTINGS_KEY}`),
      ownerId: stored.rotatedBy,
      rotatedAt: stored.rotatedAt,
    }
  }

  async function settings(current: EmbeddingSecret | null): Promise<EmbeddingSettings> {
    const owner = current
      ? await deps.db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', current.ownerId)
          .executeTakeFirst()
      : undefined
    return {
      secret: current?.secret ?? null,
      rotatedAt: current?.rotatedAt ?? null,
      rotatedBy: owner ?? null,
      origins: deps.origins,
    }
  }

  return {
    /** The secret for verifying tokens, or null while embedding is off. */
    current(): Promise<EmbeddingSecret | null> {
      const now = Date.now()
      if (!memo || now - memo.at >= MEMO_MS) {
        const value = load()
        memo = { at: now, value }
        value.catch(() => {
          memo = null
        })
      }
      return memo.value
    },

    async get(): Promise<EmbeddingSettings> {
      return settings(await load())
    },

    /** A new secret (the first one turns embedding on); tokens signed with the old one stop working. */
    async rotate(actor: Actor): Promise<EmbeddingSettings> {
      const secret = randomToken(32)
      const stored: StoredEmbedding = {
        sealed: deps.secrets.seal(secret, `settings:${SETTINGS_KEY}`),
        rotatedAt: new Date().toISOString(),
        rotatedBy: actor.id,
      }
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: SETTINGS_KEY, value: JSON.stringify(stored) })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ value: JSON.stringify(stored), updated_at: new Date() }),
          )
          .execute()
        await deps.audit.record({ action: 'embedding.secret_rotated', actor, target: null, details: {} }, trx)
      })
      memo = null
      return settings({ secret, ownerId: actor.id, rotatedAt: stored.rotatedAt })
    },
  }
}

export type EmbeddingService = ReturnType<typeof createEmbeddingService>
