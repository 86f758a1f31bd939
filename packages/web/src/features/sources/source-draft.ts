import type { ApiSource, CachePolicy, SourceConnectionInput, SourceSettings } from '@vitrina/contracts'

/** The kinds an admin can add from the UI (the warehouse is built in). */
export const EDITABLE_KINDS = ['postgres', 'mysql', 'duckdb', 'prometheus'] as const
export type EditableKind = (typeof EDITABLE_KINDS)[number]

const DEFAULT_PORTS: Record<'postgres' | 'mysql', number> = { postgres: 5432, mysql: 3306 }

/** The form's connection state: every field the kinds use, as typed. */
export interface ConnectionDraft {
  kind: EditableKind
  host: string
  port: number
  database: string
  user: string
  /** Empty on edit = keep the stored password. */
  password: string
  ssl: boolean
  replicas: { host: string; port: number }[]
  path: string
  url: string
}

export function emptyConnection(kind: EditableKind): ConnectionDraft {
  return {
    kind,
    host: '127.0.0.1',
    port: kind === 'mysql' ? DEFAULT_PORTS.mysql : DEFAULT_PORTS.postgres,
    database: '',
    user: kind === 'mysql' ? 'root' : 'postgres',
    password: '',
    ssl: false,
    replicas: [],
    path: '',
    url: 'http://127.0.0.1:9090',
  }
}

/** Switching the kind keeps what the kinds share and moves the port to the new kind's default. */
export function switchKind(draft: ConnectionDraft, kind: EditableKind): ConnectionDraft {
  const wasDefault = draft.kind !== 'duckdb' && draft.kind !== 'prometheus' && isDefaultPort(draft)
  return { ...draft, kind, port: wasDefault ? emptyConnection(kind).port : draft.port }
}

function isDefaultPort(draft: ConnectionDraft): boolean {
  return draft.port === DEFAULT_PORTS.postgres || draft.port === DEFAULT_PORTS.mysql
}

export function connectionFromSource(source: ApiSource): ConnectionDraft | null {
  const c = source.connection
  if (c.kind === 'warehouse') return null
  const base = emptyConnection(c.kind)
  switch (c.kind) {
    case 'postgres':
      return { ...base, ...c, password: '', replicas: c.replicas }
    case 'mysql':
      return { ...base, ...c, password: '' }
    case 'duckdb':
      return { ...base, path: c.path }
    case 'prometheus':
      return { ...base, url: c.url }
  }
}

/** The body's connection; the password only when typed (omitted keeps the stored one). */
export function connectionInput(draft: ConnectionDraft): SourceConnectionInput {
  const password = draft.password === '' ? {} : { password: draft.password }
  switch (draft.kind) {
    case 'postgres':
      return {
        kind: 'postgres',
        host: draft.host.trim(),
        port: draft.port,
        database: draft.database.trim(),
        user: draft.user.trim(),
        ssl: draft.ssl,
        replicas: draft.replicas
          .filter((r) => r.host.trim() !== '')
          .map((r) => ({ host: r.host.trim(), port: r.port })),
        ...password,
      }
    case 'mysql':
      return {
        kind: 'mysql',
        host: draft.host.trim(),
        port: draft.port,
        database: draft.database.trim(),
        user: draft.user.trim(),
        ssl: draft.ssl,
        ...password,
      }
    case 'duckdb':
      return { kind: 'duckdb', path: draft.path.trim() }
    case 'prometheus':
      return { kind: 'prometheus', url: draft.url.trim(), ...password }
  }
}

export const DEFAULT_SETTINGS: SourceSettings = {
  statementTimeoutMs: 30_000,
  rowCap: 10_000,
  cachePolicy: { kind: 'ttl', ttlSeconds: 3600 },
  syncIntervalMinutes: 1440,
}

/** A cache policy of another kind, with that kind's defaults. */
export function cachePolicyOfKind(kind: CachePolicy['kind']): CachePolicy {
  if (kind === 'ttl') return { kind, ttlSeconds: 3600 }
  if (kind === 'adaptive') return { kind, minDurationMs: 1000, multiplier: 10 }
  return { kind }
}
