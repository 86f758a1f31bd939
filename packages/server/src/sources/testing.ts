import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { createThrowawayDatabase } from '../testing/databases'

/** A throwaway MariaDB/MySQL database with its own user and password (root over 127.0.0.1:3306). */
export async function createThrowawayMysql(): Promise<{
  connection: { host: string; port: number; database: string; user: string; password: string }
  exec(sql: string): Promise<void>
  drop(): Promise<void>
}> {
  const suffix = randomBytes(4).toString('hex')
  const database = `vitrina_src_${suffix}`
  const user = `vitrina_u_${suffix}`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' })
  await admin.query(`CREATE DATABASE ${database}`)
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`)
  await admin.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}'`)
  // The source user may write: the read-only transaction, not a lack of grants, must stop writes.
  await admin.query(`GRANT ALL ON ${database}.* TO '${user}'@'%'`)
  await admin.query(`GRANT ALL ON ${database}.* TO '${user}'@'localhost'`)
  await admin.query(`USE ${database}`)
  return {
    connection: { host: '127.0.0.1', port: 3306, database, user, password },
    async exec(sql) {
      await admin.query(sql)
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`)
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`)
      await admin.query(`DROP USER IF EXISTS '${user}'@'localhost'`)
      await admin.end()
    },
  }
}

/** A throwaway PostgreSQL database with a login role of its own. */
export async function createThrowawayPostgresSource(): Promise<{
  connection: { host: string; port: number; database: string; user: string; password: string }
  exec(sql: string): Promise<void>
  drop(): Promise<void>
}> {
  const db = await createThrowawayDatabase('vitrina_src')
  const url = new URL(db.url)
  const database = url.pathname.slice(1)
  const user = `${database}_u`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`)
  await client.query(`GRANT ALL ON SCHEMA public TO ${user}`)
  await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO ${user}`)
  return {
    connection: { host: '127.0.0.1', port: Number(url.port || 5432), database, user, password },
    async exec(sql) {
      await client.query(sql)
    },
    async drop() {
      await client.end()
      await db.drop()
      const admin = new pg.Client({ connectionString: db.url.replace(`/${database}`, '/postgres') })
      await admin.connect()
      await admin.query(`DROP ROLE IF EXISTS ${user}`)
      await admin.end()
    },
  }
}
