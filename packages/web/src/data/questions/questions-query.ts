import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiQuestion, ApiQuestionSummary, QuestionBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { questionKeys } from './keys'
import { queryRunApi } from './query-run'

export function useQuestionsQuery(filter: { collectionId: string | null; search: string }) {
  return useQuery({
    queryKey: questionKeys.list(filter),
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams()
      if (filter.collectionId) params.set('collectionId', filter.collectionId)
      if (filter.search) params.set('search', filter.search)
      return (
        await api<{ questions: ApiQuestionSummary[] }>('GET', `/api/questions?${params}`, undefined, signal)
      ).questions
    },
  })
}

export function useQuestionQuery(id: string | null) {
  return useQuery({
    queryKey: questionKeys.detail(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api<ApiQuestion>('GET', `/api/questions/${encodeURIComponent(id ?? '')}`, undefined, signal),
  })
}

export function useSaveQuestionMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: QuestionBody }) =>
      id
        ? api<ApiQuestion>('PUT', `/api/questions/${encodeURIComponent(id)}`, body)
        : api<ApiQuestion>('POST', '/api/questions', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(questionKeys.detail(saved.id), saved)
      void queryClient.invalidateQueries({ queryKey: questionKeys.all })
    },
  })
}

export function useDeleteQuestionMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/questions/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: questionKeys.all }),
  })
}

/** The result columns of a saved question, for a builder that reads it (one run, usually a cache hit). */
export function useQuestionColumnsQuery(id: string | null) {
  return useQuery({
    queryKey: questionKeys.columns(id ?? ''),
    enabled: id !== null,
    staleTime: 60_000,
    queryFn: async ({ signal }) => (await queryRunApi.runQuestion(id ?? '', {}, signal)).columns,
  })
}
