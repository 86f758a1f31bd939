import { PipelineError, type PipelineErrorCode } from './errors'
import { type RunOptions, type RunResult, run } from './loader'
import { stderrLogger } from './log'

// Failures a restart cannot fix: the operator must act (init, resnapshot, fix the config).
const FATAL: PipelineErrorCode[] = [
  'PIPELINE_SLOT_AHEAD_OF_CHECKPOINT',
  'PIPELINE_SLOT_MISSING',
  'PIPELINE_NOT_INITIALISED',
  'PIPELINE_CONFIG_INVALID',
]

/**
 * `run` that survives source or target restarts: any other failure rolls back the open batch
 * (nothing was acknowledged for it) and streaming resumes from the checkpoint after a pause.
 */
export async function runSupervised(opts: RunOptions & { retryDelayMs?: number }): Promise<RunResult> {
  const log = opts.log ?? stderrLogger
  for (;;) {
    try {
      return await run(opts)
    } catch (err) {
      if (err instanceof PipelineError && FATAL.includes(err.code)) throw err
      if (opts.signal?.aborted) throw err
      log({
        level: 'warn',
        msg: 'loader failed; restarting from the checkpoint',
        error: (err as Error).message,
      })
      await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 1000))
    }
  }
}
