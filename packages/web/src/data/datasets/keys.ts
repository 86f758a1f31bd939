import type { RowsQuery } from '@vitrina/contracts'

export const datasetKeys = {
  all: ['datasets'] as const,
  list: () => [...datasetKeys.all, 'list'] as const,
  detail: (id: string) => [...datasetKeys.all, 'detail', id] as const,
  /** Everything below one dataset: rows, batches, quarantine, permissions. */
  of: (id: string) => [...datasetKeys.all, 'of', id] as const,
  rows: (id: string, query: RowsQuery) => [...datasetKeys.of(id), 'rows', query] as const,
  batches: (id: string) => [...datasetKeys.of(id), 'batches'] as const,
  report: (id: string, batchId: string) => [...datasetKeys.of(id), 'report', batchId] as const,
  quarantine: (id: string, offset: number) => [...datasetKeys.of(id), 'quarantine', offset] as const,
  permissions: (id: string) => [...datasetKeys.of(id), 'permissions'] as const,
  /** The dataset's audit events (GET …/changes), paged by `before`. */
  changes: (id: string) => [...datasetKeys.of(id), 'changes'] as const,
}
