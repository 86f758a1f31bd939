import type pg from 'pg'

export type Storage = 'ssd' | 'hdd'

export interface TuneInput {
  memoryBytes: number
  cpus: number
  connections: number
  storage: Storage
  /** Disk available for WAL; sizes max_slot_wal_keep_size when given. */
  diskBytes: number | null
}

export interface TuneSetting {
  name: string
  value: string
  /** The rule that produced the value, printed next to it. */
  formula: string
}

const KB = 1024
const MB = 1024 * KB
const GB = 1024 * MB

/** Parses "2GB", "512MB", "1.5 GB", "64kB"; bare numbers are refused (units are too easy to guess wrong). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(kb|k|mb|m|gb|g|tb|t)\s*$/i.exec(text)
  if (!match) throw new Error(`Size "${text}" must be a number with a unit: kB, MB, GB or TB`)
  const unit = match[2]!.toLowerCase()[0]!
  const factor = unit === 'k' ? KB : unit === 'm' ? MB : unit === 'g' ? GB : 1024 * GB
  const bytes = Math.round(Number(match[1]) * factor)
  if (bytes <= 0) throw new Error(`Size "${text}" must be greater than zero`)
  return bytes
}

/** PostgreSQL memory literal in the largest unit that divides the value ("512MB", "5242kB"). */
export function formatSize(bytes: number): string {
  const kb = Math.max(1, Math.floor(bytes / KB))
  if (kb % (1024 * 1024) === 0) return `${kb / (1024 * 1024)}GB`
  if (kb % 1024 === 0) return `${kb / 1024}MB`
  return `${kb}kB`
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/**
 * pgtune-style settings for an OLTP source that also feeds logical replication. Every formula is
 * printed beside its value and documented in README.md.
 */
export function computeTune(input: TuneInput): TuneSetting[] {
  if (!Number.isInteger(input.cpus) || input.cpus < 1) throw new Error('cpus must be a positive integer')
  if (!Number.isInteger(input.connections) || input.connections < 5)
    throw new Error('connections must be >= 5')
  if (input.memoryBytes < 256 * MB) throw new Error('memory must be at least 256MB')
  const ram = input.memoryBytes
  const sharedBuffers = Math.floor(ram / 4)
  const perGather = clamp(Math.ceil(input.cpus / 2), 1, 4)
  const workMem = Math.max(64 * KB, Math.floor((ram - sharedBuffers) / (3 * input.connections) / perGather))
  const maxWal = clamp(2 * ram, 2 * GB, 16 * GB)
  const walKeep =
    input.diskBytes === null ? 2 * maxWal : Math.max(maxWal, Math.floor(input.diskBytes / 5 / MB) * MB)
  const ssd = input.storage === 'ssd'
  return [
    { name: 'max_connections', value: String(input.connections), formula: '--connections' },
    { name: 'shared_buffers', value: formatSize(sharedBuffers), formula: 'RAM / 4' },
    { name: 'effective_cache_size', value: formatSize(Math.floor((ram * 3) / 4)), formula: 'RAM * 3 / 4' },
    {
      name: 'maintenance_work_mem',
      value: formatSize(Math.min(Math.floor(ram / 16), 2 * GB)),
      formula: 'min(RAM / 16, 2GB)',
    },
    {
      name: 'work_mem',
      value: formatSize(workMem),
      formula: 'max(64kB, (RAM - shared_buffers) / (3 * max_connections) / max_parallel_workers_per_gather)',
    },
    {
      name: 'wal_buffers',
      value: formatSize(clamp(Math.floor((sharedBuffers * 3) / 100), 32 * KB, 16 * MB)),
      formula: 'clamp(shared_buffers * 3%, 32kB, 16MB)',
    },
    { name: 'min_wal_size', value: formatSize(maxWal / 4), formula: 'max_wal_size / 4' },
    { name: 'max_wal_size', value: formatSize(maxWal), formula: 'clamp(2 * RAM, 2GB, 16GB)' },
    {
      name: 'checkpoint_completion_target',
      value: '0.9',
      formula: 'spread checkpoint writes over 90% of the interval',
    },
    {
      name: 'wal_compression',
      value: 'on',
      formula: 'full-page images compressed: less WAL to decode and ship',
    },
    { name: 'random_page_cost', value: ssd ? '1.1' : '4', formula: 'ssd 1.1, hdd 4' },
    { name: 'effective_io_concurrency', value: ssd ? '200' : '2', formula: 'ssd 200, hdd 2' },
    { name: 'default_statistics_target', value: '100', formula: 'PostgreSQL default, right for OLTP' },
    { name: 'max_worker_processes', value: String(Math.max(8, input.cpus)), formula: 'max(8, cpus)' },
    { name: 'max_parallel_workers', value: String(input.cpus), formula: 'cpus' },
    {
      name: 'max_parallel_workers_per_gather',
      value: String(perGather),
      formula: 'clamp(ceil(cpus / 2), 1, 4)',
    },
    {
      name: 'max_parallel_maintenance_workers',
      value: String(perGather),
      formula: 'clamp(ceil(cpus / 2), 1, 4)',
    },
    { name: 'wal_level', value: 'logical', formula: 'needed by the CDC slot (pgoutput)' },
    { name: 'max_replication_slots', value: '10', formula: 'pipeline + benchmark decoder + spares' },
    {
      name: 'max_wal_senders',
      value: '10',
      formula: 'one per replication connection, >= max_replication_slots',
    },
    {
      name: 'max_slot_wal_keep_size',
      value: formatSize(walKeep),
      formula:
        input.diskBytes === null
          ? '2 * max_wal_size (pass --disk to size it from the WAL disk)'
          : 'max(max_wal_size, disk / 5)',
    },
    {
      name: 'logical_decoding_work_mem',
      value: formatSize(clamp(Math.floor(ram / 32), 64 * MB, 1 * GB)),
      formula: 'clamp(RAM / 32, 64MB, 1GB): big transactions spill to disk beyond it',
    },
  ]
}

export function renderConf(input: TuneInput, settings: TuneSetting[]): string {
  const width = Math.max(...settings.map((s) => `${s.name} = '${s.value}'`.length))
  const header = `# bank db:tune: ${formatSize(input.memoryBytes)} RAM, ${input.cpus} CPUs, ${input.connections} connections, ${input.storage}`
  const lines = settings.map((s) => `${`${s.name} = '${s.value}'`.padEnd(width)}  # ${s.formula}`)
  return `${[header, ...lines].join('\n')}\n`
}

/** Writes the settings with ALTER SYSTEM, reloads, and returns the names that need a restart. */
export async function applyTune(pool: pg.Pool, settings: TuneSetting[]): Promise<string[]> {
  for (const setting of settings) {
    // ALTER SYSTEM takes no bind parameters; names come from our fixed list and values are quoted.
    await pool.query(`ALTER SYSTEM SET ${setting.name} = '${setting.value.replaceAll("'", "''")}'`)
  }
  await pool.query('SELECT pg_reload_conf()')
  // pg_settings shows pending_restart only after the reload has been processed.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const { rows } = await pool.query<{ name: string }>(
    'SELECT name FROM pg_settings WHERE pending_restart AND name = ANY($1) ORDER BY name',
    [settings.map((s) => s.name)],
  )
  return rows.map((row) => row.name)
}
