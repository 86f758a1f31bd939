// The loader as a child process, for the tests that kill it or cap its heap. Operators use
// `vitrina pipeline run`; this entry only runs, with its options as one JSON argument.
import { loadVaultConfig } from '../config-file'
import { parseLsn } from '../lsn'
import { runSupervised } from '../supervise'

export interface LoaderProcessOptions {
  source: string
  target: string
  /** Path of a vault config file (the tests write their fixture config as JSON). */
  configPath: string
  slot: string
  publication: string
  batchMaxMs?: number
  stopAtLsn?: string
}

/** `node [nodeArgs] --import tsx loader-process.ts '<json>'`: run from the package folder. */
export function loaderProcessArgs(opts: LoaderProcessOptions, nodeArgs: string[] = []): string[] {
  return [...nodeArgs, '--import', 'tsx', 'src/testing/loader-process.ts', JSON.stringify(opts)]
}

async function main(opts: LoaderProcessOptions): Promise<void> {
  const ac = new AbortController()
  process.once('SIGTERM', () => ac.abort())
  const result = await runSupervised({
    source: opts.source,
    target: opts.target,
    config: await loadVaultConfig(opts.configPath),
    slot: opts.slot,
    publication: opts.publication,
    batchMaxMs: opts.batchMaxMs,
    stopAtLsn: opts.stopAtLsn ? parseLsn(opts.stopAtLsn) : null,
    signal: ac.signal,
  })
  const out = { ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }
  process.stdout.write(`${JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(JSON.parse(process.argv[2] ?? '{}') as LoaderProcessOptions).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
      process.exit(1)
    },
  )
}
