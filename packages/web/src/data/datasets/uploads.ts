import { useMutation } from '@tanstack/react-query'
import type { ApiPreview, ApiUpload, PreviewBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { uploadWithProgress } from './upload-with-progress'

/** Sends the file once (multipart field `file`); later previews and imports refer to it by id. */
export function useUploadFileMutation() {
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (fraction: number) => void }) => {
      const form = new FormData()
      form.append('file', file, file.name)
      return uploadWithProgress<ApiUpload>('/api/uploads', form, { onProgress })
    },
  })
}

export function usePreviewMutation() {
  return useMutation({
    mutationFn: ({ uploadId, body }: { uploadId: string; body: PreviewBody }) =>
      api<ApiPreview>('POST', `/api/uploads/${encodeURIComponent(uploadId)}/preview`, body),
  })
}
