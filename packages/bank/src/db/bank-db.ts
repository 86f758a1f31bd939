import pg from 'pg'
import { migrate } from './migrate'

// int8 (bigint ids, counts) as JS numbers: identity values stay far below 2^53. Set per pool, not
// globally, so other packages in the same process keep pg's defaults. numeric stays a string so money
// never becomes a float.
const bankTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

export interface BankDb {
  pool: pg.Pool
  /** Runs fn inside BEGIN/COMMIT on one pooled client; rolls back when it throws. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>
  migrate(): Promise<string[]>
  close(): Promise<void>
}

export interface BankDbOptions {
  /** Pool size; the generator raises it to its concurrency. */
  max?: number
  /**
   * false sets synchronous_commit=off for this pool's sessions: commits stop waiting for the WAL
   * flush. Only for generating disposable load on slow disks; the bank app keeps it on.
   */
  synchronousCommit?: boolean
}

export function createBankDb(connectionString: string, options: BankDbOptions = {}): BankDb {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: 'vitrina-bank',
    types: bankTypes,
  })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {})

  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  return {
    pool,
    transaction,
    migrate: () => migrate(pool),
    close: () => pool.end(),
  }
}
