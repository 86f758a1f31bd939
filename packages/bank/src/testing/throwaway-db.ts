import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const TEST_SERVER_URL =
  process.env.BANK_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ThrowawayDb {
  url: string
  name: string
  drop(): Promise<void>
}

/** Creates an empty database with a random name on the test server; drop() removes it. */
export async function createThrowawayDb(prefix = 'bank_test'): Promise<ThrowawayDb> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(TEST_SERVER_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_SERVER_URL })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
