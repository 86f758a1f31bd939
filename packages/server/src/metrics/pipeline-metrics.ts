import { createPipelineMetrics, type PipelineMetrics } from '@vitrina/pipeline'
import type { MetricsExposure } from '../config/config'
import { type MetricsListener, startMetricsListener } from './metrics-endpoint'
import { registerProcessMetrics } from './registry'

/**
 * The loader's figures plus process metrics, served on METRICS_LISTEN while `vitrina pipeline run`
 * streams. The loader has no HTTP port of its own, so a token alone cannot expose it.
 */
export async function servePipelineMetrics(
  exposure: MetricsExposure,
  warn: (message: string) => void,
): Promise<{ metrics: PipelineMetrics; listener: MetricsListener | null }> {
  const metrics = createPipelineMetrics()
  if (!exposure.listen) {
    if (exposure.token) warn('METRICS_TOKEN is set but the loader needs METRICS_LISTEN to serve /metrics')
    return { metrics, listener: null }
  }
  registerProcessMetrics(metrics.registry)
  const listener = await startMetricsListener(exposure.listen, {
    registry: metrics.registry,
    token: exposure.token,
  })
  return { metrics, listener }
}
