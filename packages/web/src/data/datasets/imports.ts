import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiBatch, StartImportBody } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

/** Starts an import; a 409 UPLOAD_DUPLICATE asks the user, who may repeat it with confirmDuplicate. */
export function useStartImportMutation(datasetId: string) {
  return useMutation({
    mutationFn: ({ body, confirmDuplicate }: { body: StartImportBody; confirmDuplicate: boolean }) =>
      api<{ batch: ApiBatch }>(
        'POST',
        `${datasetUrls.base(datasetId)}/imports${confirmDuplicate ? '?confirmDuplicate=true' : ''}`,
        body,
      ),
  })
}

/**
 * Follows a running batch through the server's event stream (rows parsed, validated, loaded) and returns its
 * latest state; once it has finished, everything cached about the dataset is refreshed.
 */
export function useBatchProgress(batch: ApiBatch | null): ApiBatch | null {
  const queryClient = useQueryClient()
  const [latest, setLatest] = useState<ApiBatch | null>(batch)
  const datasetId = batch?.datasetId
  const batchId = batch?.id
  const startedRunning = batch?.status === 'running'

  useEffect(() => {
    setLatest(batch)
  }, [batch])

  useEffect(() => {
    if (!datasetId || !batchId) return
    const finished = () => {
      void queryClient.invalidateQueries({ queryKey: datasetKeys.of(datasetId) })
      void queryClient.invalidateQueries({ queryKey: datasetKeys.detail(datasetId) })
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
    }
    if (!startedRunning) {
      finished()
      return
    }
    const source = new EventSource(datasetUrls.events(datasetId, batchId))
    let poll: ReturnType<typeof setInterval> | null = null
    const accept = (next: ApiBatch) => {
      setLatest(next)
      if (next.status !== 'running') {
        source.close()
        if (poll) clearInterval(poll)
        finished()
      }
    }
    source.addEventListener('progress', (e) => accept(JSON.parse((e as MessageEvent<string>).data)))
    // A proxy that buffers or cuts event streams: fall back to asking for the batch once a second.
    source.onerror = () => {
      source.close()
      if (poll) return
      poll = setInterval(() => {
        void api<ApiBatch>('GET', datasetUrls.batch(datasetId, batchId))
          .then(accept)
          .catch(() => undefined)
      }, 1000)
    }
    return () => {
      source.close()
      if (poll) clearInterval(poll)
    }
  }, [datasetId, batchId, startedRunning, queryClient])

  return latest
}
