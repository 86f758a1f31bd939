import type { SystemDb } from '../../db/system-db'

/** Failed-login counters per normalised email, kept in the system DB so every web process shares them. */
export function createLoginAttemptsRepo(db: SystemDb) {
  return {
    async lockedUntil(key: string, now: Date): Promise<Date | null> {
      const row = await db
        .selectFrom('login_attempts')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst()
      return row?.locked_until && row.locked_until > now ? row.locked_until : null
    },

    /** Counts a failure; locks the key for lockMs once maxFailures is reached. Returns the new count. */
    async recordFailure(key: string, now: Date, maxFailures: number, lockMs: number): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('login_attempts')
          .values({ key, failures: 1, locked_until: null, updated_at: now })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              failures: eb('login_attempts.failures', '+', 1),
              updated_at: now,
            })),
          )
          .returning('failures')
          .executeTakeFirstOrThrow()
        if (row.failures >= maxFailures) {
          await trx
            .updateTable('login_attempts')
            .set({ failures: 0, locked_until: new Date(now.getTime() + lockMs) })
            .where('key', '=', key)
            .execute()
        }
        return row.failures
      })
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom('login_attempts').where('key', '=', key).execute()
    },
  }
}

export type LoginAttemptsRepo = ReturnType<typeof createLoginAttemptsRepo>
