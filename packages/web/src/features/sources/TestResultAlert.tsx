import { Alert, Text } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react'
import type { SourceTestResult } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

/** A source error by its stable code (translated), with the engine's own message under it. */
export function SourceErrorAlert({
  error,
  title,
}: {
  error: { code: string; message: string }
  title?: string
}) {
  const { t, i18n } = useTranslation()
  const key = `errors.${error.code}`
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle size={18} />}
      role="alert"
      title={title}
      data-testid="source-error"
    >
      <Text size="sm" fw={500}>
        {i18n.exists(key) ? t(key) : error.code}
      </Text>
      <Text size="xs" c="dimmed">
        {error.message}
      </Text>
    </Alert>
  )
}

export function TestResultAlert({ result }: { result: SourceTestResult }) {
  const { t } = useTranslation()
  if (!result.ok && result.error)
    return <SourceErrorAlert error={result.error} title={t('sources.test.failed')} />
  return (
    <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="source-test-ok">
      {t('sources.test.ok', { ms: Math.round(result.durationMs) })}
      {result.serverVersion && (
        <Text size="xs" c="dimmed">
          {result.serverVersion}
        </Text>
      )}
    </Alert>
  )
}
