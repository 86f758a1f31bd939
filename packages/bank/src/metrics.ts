import { Counter, Registry } from 'prom-client'

export interface BankMetrics {
  registry: Registry
  requests: Counter<'method' | 'route' | 'status'>
  operations: Counter<'kind' | 'status'>
  failures: Counter<'code'>
}

/** Counters for the bank app, in their own registry so they can be mounted on any /metrics later. */
export function createBankMetrics(registry = new Registry()): BankMetrics {
  return {
    registry,
    requests: new Counter({
      name: 'bank_http_requests_total',
      help: 'HTTP requests served by the bank app',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    operations: new Counter({
      name: 'bank_operations_total',
      help: 'Money operations by kind and outcome (completed, rejected, replayed)',
      labelNames: ['kind', 'status'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'bank_failures_total',
      help: 'Requests answered with an error, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
  }
}

/** The process-wide bank metrics, used when the app is not given its own. */
export const bankMetrics = createBankMetrics()
