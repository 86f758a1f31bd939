/**
 * CDC benchmark: bank PostgreSQL -> pgoutput -> Data Vault, on two throwaway clusters started here
 * (the bank's server and the warehouse's, as deployed: one cluster for both would make the
 * walsender read and discard the vault's own WAL, ~3x its decoding work, measured).
 *  1. throughput: the generator writes transfers at full speed; the loader then applies that WAL
 *     (a backlog, so the figure is the loader's capacity, not the generator's) -> applied_changes_per_s;
 *     pg_recvlogical decodes the very same WAL range from its own slot -> decode_changes_per_s.
 *     CPU seconds of the loader, the target backend and the walsender per change are printed too:
 *     on a machine shared with other work they say more than the wall-clock rate.
 *  2. lag: the generator runs at a fixed 2,000 TPS while the loader streams live; for every source
 *     transaction, target commit time minus source commit time -> lag_p50_ms, lag_p99_ms.
 * stdout: one JSON line per figure; progress on stderr.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { bankVaultConfig } from '../src/bank/vault-config'
import { init } from '../src/init'
import { run } from '../src/loader'
import { formatLsn, parseLsn } from '../src/lsn'
import { createBankSource } from '../src/testing/bank'
import { startCluster, type TestCluster } from '../src/testing/cluster'

const TRANSFERS = Number(process.env.CDC_BENCH_TRANSFERS ?? 30_000)
const LAG_TPS = 2000
const LAG_SECONDS = Number(process.env.CDC_BENCH_LAG_SECONDS ?? 15)
const CHANGES_PER_TRANSFER = 5 // operation + 2 postings + 2 account updates

const progress = (msg: string) => process.stderr.write(`[cdc] ${msg}\n`)
const emit = (subject: string, metric: string, value: number, unit: string) =>
  process.stdout.write(
    `${JSON.stringify({ bench: 'cdc', subject, metric, value: Math.round(value * 100) / 100, unit })}\n`,
  )

// Transfers booked like the bank does (rows locked in id order, no overdraft), one commit each.
const GENERATOR_SQL = `
CREATE OR REPLACE PROCEDURE bench_transfers(n integer, tps integer) LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[]; a bigint; b bigint; amt numeric; bal numeric; cust bigint; op bigint;
  t0 timestamptz := clock_timestamp(); due timestamptz;
BEGIN
  SELECT array_agg(id) INTO ids FROM accounts WHERE type_code = 'current';
  FOR i IN 1..n LOOP
    a := ids[1 + floor(random() * array_length(ids, 1))::int];
    b := ids[1 + floor(random() * array_length(ids, 1))::int];
    IF a = b THEN b := ids[1 + (array_position(ids, a) % array_length(ids, 1))]; END IF;
    amt := 1 + floor(random() * 100);
    PERFORM 1 FROM accounts WHERE id IN (a, b) ORDER BY id FOR UPDATE;
    SELECT balance, customer_id INTO bal, cust FROM accounts WHERE id = a;
    IF bal >= amt THEN
      INSERT INTO operations (kind, status, customer_id) VALUES ('transfer', 'completed', cust) RETURNING id INTO op;
      INSERT INTO postings (operation_id, account_id, currency_code, amount) VALUES (op, a, 'RUB', -amt), (op, b, 'RUB', amt);
      UPDATE accounts SET balance = balance - amt, updated_at = now() WHERE id = a;
      UPDATE accounts SET balance = balance + amt, updated_at = now() WHERE id = b;
    END IF;
    COMMIT;
    IF tps > 0 THEN
      due := t0 + (i::float8 / tps) * interval '1 second';
      IF clock_timestamp() < due THEN PERFORM pg_sleep(extract(epoch FROM due - clock_timestamp())); END IF;
    END IF;
  END LOOP;
END $$;`

async function generate(url: string, sessions: number, transfers: number, tps: number): Promise<void> {
  await Promise.all(
    Array.from({ length: sessions }, async () => {
      const c = new pg.Client(url)
      await c.connect()
      try {
        await c.query(`CALL bench_transfers($1, $2)`, [
          Math.ceil(transfers / sessions),
          Math.ceil(tps / sessions),
        ])
      } finally {
        await c.end()
      }
    }),
  )
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])

/** Backends of a cluster, by what they are: the walsender of a slot, the sessions on a database. */
async function backendPids(cluster: TestCluster, sql: string, params: unknown[]): Promise<number[]> {
  return (await cluster.query(sql, params)).rows.map((r) => Number(r.pid))
}

/**
 * CPU seconds the processes `find` names use while `work` runs. They are looked up until they
 * exist (a walsender appears once streaming starts), then only read from /proc.
 */
async function measureCpu<T>(
  find: () => Promise<number[]>,
  work: Promise<T>,
): Promise<{ result: T; seconds: number }> {
  const seen = new Map<number, { first: number; last: number }>()
  let running = true
  const sampler = (async () => {
    while (running) {
      const pids = seen.size > 0 ? [...seen.keys()] : await find()
      for (const pid of pids) {
        const now = cpuSeconds(pid)
        const s = seen.get(pid)
        if (s) s.last = Math.max(s.last, now)
        else seen.set(pid, { first: now, last: now })
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  })()
  const result = await work
  running = false
  await sampler
  for (const [pid, s] of seen) s.last = Math.max(s.last, cpuSeconds(pid))
  let seconds = 0
  for (const s of seen.values()) seconds += s.last - s.first
  return { result, seconds }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function main(): Promise<void> {
  progress(`load average ${loadAverage()} (2 cores shared with other work: figures are pessimistic)`)
  emit('machine', 'load_average_1m_start', loadAverage(), 'load')
  progress('starting two PostgreSQL clusters (bank: wal_level=logical; warehouse)')
  const bank = await startCluster({ synchronous_commit: 'on', shared_buffers: '256MB' })
  const warehouse = await startCluster({
    synchronous_commit: 'on',
    shared_buffers: '256MB',
    wal_level: 'replica',
  })
  try {
    const suffix = randomBytes(3).toString('hex')
    const srcDb = `bank_${suffix}`
    const dwhDb = `dwh_${suffix}`
    await bank.createDatabase(srcDb)
    await warehouse.createDatabase(dwhDb)
    const source = bank.url(srcDb)
    const target = warehouse.url(dwhDb)
    progress('bank schema + 1,000 customers')
    await createBankSource(source, 1000)
    await bank.query(GENERATOR_SQL, [], srcDb)
    const base = {
      source,
      target,
      config: bankVaultConfig(),
      slot: 'vitrina_bench',
      publication: 'vitrina_bank',
    }
    await init({ ...base, log: () => undefined })
    // The peer's slot starts where the loader's checkpoint is, so both read the same WAL.
    await bank.query(`SELECT pg_create_logical_replication_slot('bench_recvlogical', 'pgoutput')`, [], srcDb)
    const lsnNow = async () =>
      parseLsn((await bank.query(`SELECT pg_current_wal_insert_lsn()::text AS l`, [], srcDb)).rows[0].l)
    const walsender = (slot: string) => () =>
      backendPids(
        bank,
        `SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL`,
        [slot],
      )

    progress(`generator: ${TRANSFERS} transfers at full speed`)
    let t = Date.now()
    await generate(source, 2, TRANSFERS, 0)
    const genSeconds = (Date.now() - t) / 1000
    // A flushed marker transaction bounds the range for both readers.
    await bank.query(
      `SET synchronous_commit = on; SELECT pg_logical_emit_message(true, 'bench', 'end')`,
      [],
      srcDb,
    )
    const endLsn = await lsnNow()
    progress(
      `generated in ${genSeconds.toFixed(1)} s (${((TRANSFERS * CHANGES_PER_TRANSFER) / genSeconds).toFixed(0)} changes/s)`,
    )

    progress('loader: applying the backlog')
    let peakRss = 0
    const nodeCpu = process.cpuUsage()
    t = Date.now()
    const applied = await measureCpu(
      walsender('vitrina_bench'),
      measureCpu(
        () => backendPids(warehouse, `SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dwhDb]),
        run({
          ...base,
          log: () => undefined,
          stopAtLsn: endLsn,
          onBatch: () => {
            peakRss = Math.max(peakRss, process.memoryUsage().rss)
          },
        }),
      ),
    )
    const applySeconds = (Date.now() - t) / 1000
    const nodeUsed = process.cpuUsage(nodeCpu)
    const res = applied.result.result
    const perChange = (seconds: number) => (seconds * 1e6) / res.changesApplied
    progress(`applied ${res.changesApplied} changes in ${applySeconds.toFixed(1)} s`)
    emit('vitrina-postgres', 'applied_changes_per_s', res.changesApplied / applySeconds, 'changes/s')
    emit(
      'vitrina-postgres',
      'loader_cpu_us_per_change',
      perChange((nodeUsed.user + nodeUsed.system) / 1e6),
      'us',
    )
    emit('vitrina-postgres', 'target_cpu_us_per_change', perChange(applied.result.seconds), 'us')
    emit('vitrina-postgres', 'walsender_cpu_us_per_change', perChange(applied.seconds), 'us')
    emit('vitrina-postgres', 'peak_rss_mb', peakRss / 1048576, 'MB')

    progress('pg_recvlogical: decoding the same WAL range')
    t = Date.now()
    const recv = await measureCpu(
      walsender('bench_recvlogical'),
      new Promise<{ status: number; stderr: string }>((resolve) => {
        const child = spawn(
          'pg_recvlogical',
          [
            '-d',
            source,
            '--slot',
            'bench_recvlogical',
            '--start',
            '--endpos',
            formatLsn(endLsn),
            '--no-loop',
            '-o',
            'proto_version=1',
            '-o',
            'publication_names=vitrina_bank',
            '-f',
            '/dev/null',
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        )
        let stderr = ''
        child.stderr.on('data', (d) => {
          stderr += d
        })
        child.on('close', (status) => resolve({ status: status ?? 1, stderr }))
      }),
    )
    if (recv.result.status !== 0) throw new Error(`pg_recvlogical failed: ${recv.result.stderr}`)
    const recvSeconds = (Date.now() - t) / 1000
    emit('pg_recvlogical', 'decode_changes_per_s', res.changesApplied / recvSeconds, 'changes/s')
    emit('pg_recvlogical', 'walsender_cpu_us_per_change', perChange(recv.seconds), 'us')
    await bank.query(`SELECT pg_drop_replication_slot('bench_recvlogical')`, [], srcDb)

    progress(`lag: ${LAG_TPS} TPS for ${LAG_SECONDS} s with the loader streaming live`)
    const lags: number[] = []
    let checkpoint = 0n
    const ac = new AbortController()
    const loader = run({
      ...base,
      log: () => undefined,
      signal: ac.signal,
      // An idle heartbeat transaction carries the checkpoint past the last generated commit.
      heartbeatMs: 500,
      onBatch: (b) => {
        checkpoint = b.checkpointLsn
        for (const ct of b.commitTimes) lags.push(b.committedAt.getTime() - ct.getTime())
      },
    })
    t = Date.now()
    await generate(source, 2, LAG_TPS * LAG_SECONDS, LAG_TPS)
    const achievedTps = (LAG_TPS * LAG_SECONDS) / ((Date.now() - t) / 1000)
    // Every generated transaction is measured: wait until the loader has applied all of them.
    const lagEnd = await lsnNow()
    const deadline = Date.now() + 300_000
    while (checkpoint < lagEnd && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    ac.abort()
    await loader
    lags.sort((a, b) => a - b)
    progress(`achieved ${achievedTps.toFixed(0)} TPS, ${lags.length} transactions measured`)
    emit('vitrina-postgres', 'lag_p50_ms', percentile(lags, 50), 'ms')
    emit('vitrina-postgres', 'lag_p99_ms', percentile(lags, 99), 'ms')
    emit('vitrina-postgres', 'lag_tps', achievedTps, 'transactions/s')
    emit('machine', 'load_average_1m_end', loadAverage(), 'load')
  } finally {
    bank.destroy()
    warehouse.destroy()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[cdc] failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
