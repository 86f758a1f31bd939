import { Group, Progress, Stack, Text } from '@mantine/core'
import type { ImportProgress as Counters } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { formatCount } from './format-cell'

/** The browser sending the file (XMLHttpRequest upload progress). */
export function SendProgress({ fraction }: { fraction: number }) {
  const { t } = useTranslation()
  const percent = Math.round(fraction * 100)
  return (
    <Stack gap={4} data-testid="send-progress">
      <Text size="sm">{t('data.progress.sending', { percent })}</Text>
      <Progress
        value={percent}
        animated={percent < 100}
        aria-label={t('data.progress.sending', { percent })}
      />
    </Stack>
  )
}

/** The server reading, checking and loading the file, as its event stream reports it. */
export function ServerProgress({ progress }: { progress: Counters }) {
  const { t } = useTranslation()
  // Rows stream from the reader through validation into the warehouse, so bytes read measure all three.
  const share = progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0
  const percent = Math.min(100, Math.round(share * 100))
  return (
    <Stack gap={4} data-testid="server-progress">
      <Progress value={percent} animated color={progress.phase === 'loading' ? 'teal' : 'blue'} />
      <Group gap="lg">
        <Text size="sm" fw={500}>
          {t(`data.progress.phases.${progress.phase}`)}
        </Text>
        <Text size="sm">{t('data.progress.parsed', { count: formatCount(progress.rowsParsed) })}</Text>
        <Text size="sm">
          {t('data.progress.validated', { count: formatCount(progress.rowsValid + progress.rowsInvalid) })}
        </Text>
        <Text size="sm">{t('data.progress.loaded', { count: formatCount(progress.rowsLoaded) })}</Text>
      </Group>
    </Stack>
  )
}
