import { useTranslation } from 'react-i18next'
import { useErrorText } from '../../../components/ui/ErrorAlert'
import { ApiRequestError } from '../../../data/api-client'

/** The column a refused row value belongs to, when the server said so. */
export function badColumn(error: unknown): string | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'DATASET_INVALID_VALUE') return null
  const column = (error.details as { column?: unknown } | null)?.column
  return typeof column === 'string' ? column : null
}

/** A refused edit, said by its reason ("Не дата") when the server names one, else by its error code. */
export function useCellErrorText() {
  const { t, i18n } = useTranslation()
  const errorText = useErrorText()
  return (error: unknown): string => {
    if (error instanceof ApiRequestError && error.code === 'DATASET_INVALID_VALUE') {
      const reason = (error.details as { reason?: unknown } | null)?.reason
      const key = `data.reasons.${String(reason)}`
      if (typeof reason === 'string' && i18n.exists(key)) return t('data.edit.invalid', { reason: t(key) })
    }
    return errorText(error)
  }
}

/** What the user typed, as the API takes it: empty means no value; the server parses the rest by type. */
export function typedToValue(text: string): string | null {
  return text.trim() === '' ? null : text.trim()
}
