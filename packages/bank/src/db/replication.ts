import type pg from 'pg'

export const BANK_PUBLICATION = 'vitrina_bank'

export interface ReplicationReport {
  walLevel: string
  maxReplicationSlots: number
  maxWalSenders: number
  /** null when unlimited (-1): a stalled slot could then fill the disk. */
  maxSlotWalKeepSize: string | null
  publication: { exists: boolean; tables: { table: string; replicaIdentity: string }[] }
  slots: {
    name: string
    plugin: string | null
    active: boolean
    lagBytes: number | null
    walStatus: string | null
  }[]
  /** What to fix before the pipeline can stream; empty when ready. */
  problems: string[]
}

const IDENTITY: Record<string, string> = { d: 'default', f: 'full', i: 'index', n: 'nothing' }

/** Checks what logical replication of the bank needs: wal_level, senders, the publication, identities. */
export async function checkReplication(pool: pg.Pool): Promise<ReplicationReport> {
  const { rows: settings } = await pool.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
     WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'max_slot_wal_keep_size')`,
  )
  const setting = (name: string) => settings.find((s) => s.name === name)?.setting ?? ''
  const { rows: tables } = await pool.query<{ table: string; relreplident: string }>(
    `SELECT t.tablename AS table, c.relreplident FROM pg_publication_tables t
     JOIN pg_namespace n ON n.nspname = t.schemaname
     JOIN pg_class c ON c.relname = t.tablename AND c.relnamespace = n.oid
     WHERE t.pubname = $1 ORDER BY t.tablename`,
    [BANK_PUBLICATION],
  )
  const { rows: pub } = await pool.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [
    BANK_PUBLICATION,
  ])
  const { rows: slots } = await pool.query<{
    name: string
    plugin: string | null
    active: boolean
    lag_bytes: string | null
    wal_status: string | null
  }>(
    `SELECT slot_name AS name, plugin, active, wal_status,
            pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text AS lag_bytes
     FROM pg_replication_slots WHERE database = current_database() ORDER BY slot_name`,
  )
  const keep = setting('max_slot_wal_keep_size')
  const report: ReplicationReport = {
    walLevel: setting('wal_level'),
    maxReplicationSlots: Number(setting('max_replication_slots')),
    maxWalSenders: Number(setting('max_wal_senders')),
    maxSlotWalKeepSize: keep === '-1' || keep === '' ? null : `${keep}MB`,
    publication: {
      exists: pub.length > 0,
      tables: tables.map((t) => ({
        table: t.table,
        replicaIdentity: IDENTITY[t.relreplident] ?? t.relreplident,
      })),
    },
    slots: slots.map((s) => ({
      name: s.name,
      plugin: s.plugin,
      active: s.active,
      lagBytes: s.lag_bytes === null ? null : Number(s.lag_bytes),
      walStatus: s.wal_status,
    })),
    problems: [],
  }
  if (report.walLevel !== 'logical') {
    report.problems.push(
      `wal_level is ${report.walLevel}; set it to logical (bank db:tune --apply) and restart`,
    )
  }
  if (report.maxReplicationSlots < 1) report.problems.push('max_replication_slots is 0')
  if (report.maxWalSenders < 1) report.problems.push('max_wal_senders is 0')
  if (!report.publication.exists)
    report.problems.push(`publication ${BANK_PUBLICATION} is missing: run bank db:migrate`)
  if (report.maxSlotWalKeepSize === null) {
    report.problems.push(
      'max_slot_wal_keep_size is unlimited: a stalled slot can fill the disk (bank db:tune)',
    )
  }
  for (const slot of report.slots) {
    if (slot.walStatus === 'lost') report.problems.push(`slot ${slot.name} lost its WAL: resnapshot needed`)
  }
  return report
}
