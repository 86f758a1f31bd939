import { Badge, Button, Group, Kbd, Text, Tooltip } from '@mantine/core'
import { IconDatabaseExport, IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react'
import type { ExportFormat, QueryRunResult } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

interface Props {
  running: boolean
  canRun: boolean
  result: QueryRunResult | null
  exporting: ExportFormat | null
  onRun(): void
  onStop(): void
  onRefresh(): void
  onExport(format: ExportFormat): void
}

/** Run / Stop / Refresh (bypasses the cache), what the last run was (rows, time, cache), and export. */
export function RunBar({ running, canRun, result, exporting, onRun, onStop, onRefresh, onExport }: Props) {
  const { t, i18n } = useTranslation()
  const count = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ru-RU')
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'
  return (
    <Group justify="space-between" wrap="wrap">
      <Group gap="xs">
        {running ? (
          <Button
            color="red"
            leftSection={<IconPlayerStop size={16} />}
            onClick={onStop}
            data-testid="stop-button"
          >
            {t('questions.run.stop')}
          </Button>
        ) : (
          <Tooltip label={<Kbd size="xs">{`${mod}+Enter`}</Kbd>}>
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={onRun}
              disabled={!canRun}
              data-testid="run-button"
            >
              {t('questions.run.run')}
            </Button>
          </Tooltip>
        )}
        <Tooltip label={t('questions.run.refreshHint')}>
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={onRefresh}
            disabled={!canRun || running}
            data-testid="refresh-button"
          >
            {t('questions.run.refresh')}
          </Button>
        </Tooltip>
        {result && (
          <Group gap={6}>
            <Text size="sm" c="dimmed" data-testid="run-summary">
              {t('questions.run.summary', {
                rows: count.format(result.rowCount),
                ms: count.format(Math.round(result.durationMs)),
              })}
            </Text>
            {result.cached ? (
              <Badge color="teal" variant="light" data-testid="cache-badge">
                {t('questions.run.fromCache', { seconds: result.cacheAgeSeconds ?? 0 })}
              </Badge>
            ) : (
              <Badge color="gray" variant="light" data-testid="fresh-badge">
                {t('questions.run.fresh')}
              </Badge>
            )}
            {result.truncated && (
              <Badge color="orange" variant="light">
                {t('questions.run.truncated')}
              </Badge>
            )}
          </Group>
        )}
      </Group>
      <Group gap="xs">
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            size="xs"
            variant="default"
            leftSection={<IconDatabaseExport size={14} />}
            disabled={!canRun}
            loading={exporting === format}
            onClick={() => onExport(format)}
            data-testid={`export-${format}`}
          >
            {format.toUpperCase()}
          </Button>
        ))}
      </Group>
    </Group>
  )
}
