import { Alert } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ApiRequestError } from '../../data/api-client'

/** Translates an API error by its stable code; shows the server's message when it adds detail. */
export function useErrorText() {
  const { t, i18n } = useTranslation()
  return (error: unknown): string => {
    if (error instanceof ApiRequestError) {
      const key = `errors.${error.code}`
      const translated = i18n.exists(key) ? t(key) : error.message
      // Validation messages name the field; keep that detail under the translated headline.
      return error.code === 'VALIDATION_FAILED' || !i18n.exists(key)
        ? `${translated}: ${error.message}`
        : translated
    }
    return error instanceof Error ? error.message : String(error)
  }
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation()
  const text = useErrorText()
  if (!error) return null
  const requestId = error instanceof ApiRequestError ? error.requestId : null
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="error-alert">
      {text(error)}
      {requestId && (
        <div style={{ opacity: 0.6, fontSize: 12, marginTop: 4 }}>
          {t('errors.requestId', { id: requestId })}
        </div>
      )}
    </Alert>
  )
}
