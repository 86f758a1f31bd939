import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  PasswordInput,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import {
  useEmbeddingQuery,
  useRotateEmbeddingSecretMutation,
} from '../../../data/dashboard-shares/embedding-query'
import { formatDateTime } from '../../../i18n'

/** Administration → Embedding: the per-installation secret (view, copy, rotate) and the allowed origins. */
export function EmbeddingPanel() {
  const { t } = useTranslation()
  const settings = useEmbeddingQuery()
  const rotate = useRotateEmbeddingSecretMutation()
  if (settings.isPending) return <Loader />
  if (settings.error) return <ErrorAlert error={settings.error} />
  const { secret, rotatedAt, rotatedBy, origins } = settings.data
  const confirmRotate = () =>
    modals.openConfirmModal({
      title: t('embedding.rotateConfirmTitle'),
      children: <Text size="sm">{t('embedding.rotateConfirm')}</Text>,
      labels: { confirm: t('embedding.rotate'), cancel: t('share.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => rotate.mutate(),
    })

  return (
    <Stack maw={760} data-testid="embedding-panel">
      <Title order={3}>{t('embedding.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('embedding.intro')}
      </Text>
      {secret ? (
        <Stack gap={4}>
          <Group align="flex-end" gap="xs">
            <PasswordInput
              label={t('embedding.secret')}
              value={secret}
              readOnly
              style={{ flex: 1 }}
              data-testid="embedding-secret"
            />
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('share.copied') : t('share.copy')}>
                  <ActionIcon variant="default" size="lg" onClick={copy} aria-label={t('share.copy')}>
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
            <Button variant="light" color="red" onClick={confirmRotate} loading={rotate.isPending}>
              {t('embedding.rotate')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('embedding.rotatedAt', { date: formatDateTime(rotatedAt), name: rotatedBy?.name ?? '—' })}
          </Text>
        </Stack>
      ) : (
        <Group>
          <Text size="sm">{t('embedding.none')}</Text>
          <Button
            leftSection={<IconKey size={16} />}
            onClick={() => rotate.mutate()}
            loading={rotate.isPending}
          >
            {t('embedding.generate')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={rotate.error} />
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('embedding.origins')}
        </Text>
        {origins.length > 0 ? (
          <Group gap="xs">
            {origins.map((o) => (
              <Code key={o}>{o}</Code>
            ))}
          </Group>
        ) : (
          <Alert color="yellow">{t('embedding.noOrigins')}</Alert>
        )}
      </Stack>
      <Text size="sm" c="dimmed">
        {t('embedding.recipe')}
      </Text>
    </Stack>
  )
}
