import { parseArgs } from 'node:util'
import { loadVaultConfig } from './config-file'
import { PipelineError } from './errors'
import { init, resnapshot } from './init'
import { parseLsn } from './lsn'
import { reconcile } from './reconcile'
import { status } from './status'
import { runSupervised } from './supervise'

const USAGE = `usage: tsx src/cli.ts <init|run|status|resnapshot|reconcile> --source URL --target URL
  [--config bank|file.json|file.ts] [--slot vitrina] [--publication vitrina_bank]
  run: [--stop-at-lsn X/Y] [--batch-max-changes N] [--batch-max-ms N] [--heartbeat-ms N]`

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      target: { type: 'string' },
      config: { type: 'string', default: 'bank' },
      slot: { type: 'string', default: 'vitrina' },
      publication: { type: 'string', default: 'vitrina_bank' },
      'stop-at-lsn': { type: 'string' },
      'batch-max-changes': { type: 'string' },
      'batch-max-ms': { type: 'string' },
      'heartbeat-ms': { type: 'string' },
    },
  })
  const command = positionals[0]
  if (!values.source || !values.target || !command) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const base = {
    source: values.source,
    target: values.target,
    config: await loadVaultConfig(values.config),
    slot: values.slot,
    publication: values.publication,
  }
  const print = (x: unknown) =>
    process.stdout.write(`${JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`)
  switch (command) {
    case 'init':
      print(await init(base))
      return 0
    case 'resnapshot':
      print(await resnapshot(base))
      return 0
    case 'status':
      print(await status(base))
      return 0
    case 'reconcile': {
      const r = await reconcile(base)
      print(r)
      return r.ok ? 0 : 1
    }
    case 'run': {
      const ac = new AbortController()
      process.once('SIGTERM', () => ac.abort())
      process.once('SIGINT', () => ac.abort())
      const num = (v: string | undefined) => (v === undefined ? undefined : Number(v))
      const res = await runSupervised({
        ...base,
        signal: ac.signal,
        stopAtLsn: values['stop-at-lsn'] ? parseLsn(values['stop-at-lsn']) : null,
        batchMaxChanges: num(values['batch-max-changes']),
        batchMaxMs: num(values['batch-max-ms']),
        heartbeatMs: num(values['heartbeat-ms']),
      })
      print({ ...res, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })
      return 0
    }
    default:
      process.stderr.write(`unknown command ${command}\n${USAGE}\n`)
      return 2
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const body =
      err instanceof PipelineError
        ? { code: err.code, message: err.message, details: err.details }
        : { code: 'PIPELINE_FAILED', message: (err as Error).message }
    process.stderr.write(`${JSON.stringify({ error: body })}\n`)
    process.exit(1)
  },
)
