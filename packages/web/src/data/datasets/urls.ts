import type { RowsQuery } from '@vitrina/contracts'

const base = (datasetId: string) => `/api/datasets/${encodeURIComponent(datasetId)}`
const batch = (datasetId: string, batchId: string) =>
  `${base(datasetId)}/batches/${encodeURIComponent(batchId)}`

/** Plain GET links the browser downloads itself (the session cookie authenticates them). */
export const datasetUrls = {
  base,
  batch,
  template: (datasetId: string) => `${base(datasetId)}/template`,
  export: (datasetId: string, format: 'xlsx' | 'csv', query: RowsQuery) => {
    const params = new URLSearchParams({ format, query: JSON.stringify(query) })
    return `${base(datasetId)}/export?${params}`
  },
  original: (datasetId: string, batchId: string) => `${batch(datasetId, batchId)}/original`,
  errorReport: (datasetId: string, batchId: string) => `${batch(datasetId, batchId)}/error-report`,
  events: (datasetId: string, batchId: string) => `${batch(datasetId, batchId)}/events`,
}
