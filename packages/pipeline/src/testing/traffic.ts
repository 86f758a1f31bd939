import pg from 'pg'

/**
 * Random write traffic on the fixture's `items` table until stopped. Every update bumps `version`,
 * so a vault that kept every change holds versions 1..version of each key, in order.
 */
export function startItemTraffic(url: string, opts: { clients?: number; pauseMs?: number } = {}) {
  let stopped = false
  let nextId = 1_000_000
  let committed = 0
  const worker = async () => {
    while (!stopped) {
      const c = new pg.Client(url)
      c.on('error', () => undefined)
      try {
        await c.connect()
        while (!stopped) {
          const r = Math.random()
          await c.query('BEGIN')
          if (r < 0.6) {
            const n = 1 + Math.floor(Math.random() * 5)
            for (let i = 0; i < n; i++)
              await c.query(
                `UPDATE items SET qty = $2, version = version + 1,
                    name = CASE WHEN random() < 0.2 THEN 'renamed ' || id ELSE name END WHERE id = $1`,
                [1 + Math.floor(Math.random() * 200), Math.floor(Math.random() * 1000)],
              )
          } else if (r < 0.85) {
            const id = nextId++
            await c.query(
              `INSERT INTO items (id, owner_id, name, qty) VALUES ($1, $2, 'gen ' || $1::text, 1)`,
              [id, 1 + Math.floor(Math.random() * 20)],
            )
            await c.query(`UPDATE items SET version = version + 1, qty = qty + 1 WHERE id = $1`, [id])
          } else if (r < 0.95) {
            await c.query(`DELETE FROM items WHERE id = (SELECT max(id) FROM items WHERE id >= 1000000)`)
          } else {
            await c.query(
              `UPDATE owners SET name = 'owner ' || id || ' ' || floor(random() * 100) WHERE id = $1`,
              [1 + Math.floor(Math.random() * 20)],
            )
          }
          await c.query('COMMIT')
          committed++
          if (opts.pauseMs) await new Promise((res) => setTimeout(res, opts.pauseMs))
        }
      } catch {
        // The source may be restarting; reconnect and go on.
        await new Promise((res) => setTimeout(res, 200))
      } finally {
        await c.end().catch(() => undefined)
      }
    }
  }
  const workers = Array.from({ length: opts.clients ?? 3 }, () => worker())
  return {
    get committed() {
      return committed
    },
    async stop() {
      stopped = true
      await Promise.all(workers)
    },
  }
}

/** Every key of sat_item holds versions 1..n in source order: no change lost or applied twice. */
export async function itemVersionGaps(target: string): Promise<number> {
  const c = new pg.Client(target)
  await c.connect()
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM (
        SELECT version, row_number() OVER (PARTITION BY hk ORDER BY lsn, seq) AS rn FROM vault.sat_item) x
      WHERE version <> rn`)
    return r.rows[0].n
  } finally {
    await c.end()
  }
}
