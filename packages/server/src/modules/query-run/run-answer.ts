import type { QueryRunResult } from '@vitrina/contracts'
import type { RunResult } from './query-run.service'

const ageSeconds = ({ outcome }: RunResult) =>
  outcome.cached ? Math.max(0, Math.round((Date.now() - outcome.computedAt) / 1000)) : null

/** A query run as the API answers it. */
export function runAnswer(result: RunResult): QueryRunResult {
  const { runId, compiled, outcome } = result
  return { ...outcome.body(), runId, cached: outcome.cached, cacheAgeSeconds: ageSeconds(result), compiled }
}

/**
 * The same answer as JSON text, assembled around the cached text of the result: a cache hit neither
 * parses nor re-serialises its rows. Fastify sends a string with a JSON content type as it is.
 */
export function runAnswerJson(result: RunResult): string {
  const { runId, compiled, outcome } = result
  const head = `{"runId":${JSON.stringify(runId)},"cached":${outcome.cached},"cacheAgeSeconds":${ageSeconds(result)},"compiled":${JSON.stringify(compiled)},`
  return head + outcome.bodyJson.slice(1)
}
