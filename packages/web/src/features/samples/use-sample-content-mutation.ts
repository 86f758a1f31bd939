import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { SampleContent } from '@vitrina/contracts'
import { api } from '../../data/api-client'
import { dashboardKeys } from '../../data/dashboards/keys'
import { datasetKeys } from '../../data/datasets/keys'
import { collectionKeys, questionKeys } from '../../data/questions/keys'

/** Adds the sample sales report (dataset, questions, dashboard); a second call returns the existing one. */
export function useSampleContentMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<SampleContent>('POST', '/api/admin/sample-content'),
    onSuccess: () => {
      for (const queryKey of [dashboardKeys.all, datasetKeys.all, questionKeys.all, collectionKeys.all])
        void queryClient.invalidateQueries({ queryKey })
    },
  })
}
