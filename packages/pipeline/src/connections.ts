import pg from 'pg'

/** Every session the pipeline opens renders values the same way, so text forms (and hashes) agree. */
export const SESSION_OPTIONS =
  '-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=1'

export type ConnectionSpec = string | pg.ClientConfig

export function clientConfig(spec: ConnectionSpec): pg.ClientConfig {
  const base: pg.ClientConfig = typeof spec === 'string' ? { connectionString: spec } : { ...spec }
  return { ...base, options: SESSION_OPTIONS }
}

export async function connect(spec: ConnectionSpec): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(spec))
  // A server restart errors an idle client; the next query reports it, so don't crash the process.
  client.on('error', () => undefined)
  await client.connect()
  return client
}

/**
 * Keeps every value as PostgreSQL's text output, exactly what pgoutput sends. A `::text` cast is not
 * the same thing (a boolean casts to 'true' but outputs 't'), so snapshot, lookups and reconciliation
 * read through this instead of casting.
 */
export const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig
