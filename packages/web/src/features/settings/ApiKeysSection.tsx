import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconKey } from '@tabler/icons-react'
import type { CreatedApiKey } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useCreateApiKeyMutation, useRevokeApiKeyMutation } from '../../data/api-keys/api-key-mutations'
import { useApiKeysQuery } from '../../data/api-keys/api-keys-query'
import { ApiKeysTable } from './ApiKeysTable'

export function ApiKeysSection() {
  const { t } = useTranslation()
  const keys = useApiKeysQuery()
  const create = useCreateApiKeyMutation()
  const revoke = useRevokeApiKeyMutation()
  const [creating, setCreating] = useState(false)
  const [name, setName] = useState('')
  const [days, setDays] = useState<number | string>('')
  const [created, setCreated] = useState<CreatedApiKey | null>(null)

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={3}>{t('settings.apiKeys')}</Title>
          <Text size="sm" c="dimmed">
            {t('settings.apiKeysHint')}
          </Text>
        </div>
        <Button leftSection={<IconKey size={16} />} onClick={() => setCreating(true)}>
          {t('settings.newKey')}
        </Button>
      </Group>
      <ErrorAlert error={keys.error ?? revoke.error} />
      <ApiKeysTable
        keys={keys.data ?? []}
        owner={false}
        onRevoke={(id) => revoke.mutate(id)}
        testId="api-keys-table"
      />

      <Modal
        opened={creating}
        onClose={() => {
          setCreating(false)
          setCreated(null)
          setName('')
          setDays('')
        }}
        title={t('settings.newKey')}
      >
        {created ? (
          <Stack>
            <Alert color="yellow">{t('settings.secretOnce')}</Alert>
            <Code block data-testid="api-key-secret">
              {created.secret}
            </Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Stack>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              create.mutate(
                { name, expiresInDays: typeof days === 'number' ? days : null },
                { onSuccess: (result) => setCreated(result) },
              )
            }}
          >
            <Stack>
              <TextInput
                label={t('settings.keyName')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <NumberInput
                label={t('settings.expiresInDays')}
                min={1}
                max={3650}
                value={days}
                onChange={setDays}
              />
              <ErrorAlert error={create.error} />
              <Button type="submit" loading={create.isPending}>
                {t('common.create')}
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </Stack>
  )
}
