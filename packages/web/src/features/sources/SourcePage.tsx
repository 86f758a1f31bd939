import { Anchor, Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconEdit, IconPlugConnected, IconRefresh, IconTrash } from '@tabler/icons-react'
import type { ApiSource } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ErrorAlert, useErrorText } from '../../components/ui/ErrorAlert'
import {
  useDeleteSourceMutation,
  useSyncSourceMutation,
  useTestSourceMutation,
} from '../../data/sources/source-mutations'
import { useSourceQuery } from '../../data/sources/sources-query'
import { formatDateTime } from '../../i18n'
import { CacheStats } from './CacheStats'
import { CatalogBrowser } from './CatalogBrowser'
import { SourceFormModal } from './SourceFormModal'
import { SourcePermissionsTab } from './SourcePermissionsTab'
import { SourceStatusBadge } from './SourceStatusBadge'
import { SourceErrorAlert, TestResultAlert } from './TestResultAlert'

/** /admin/sources/:sourceId — one source: actions, catalog browser, permissions. */
export function SourcePage() {
  const { t } = useTranslation()
  const { sourceId = '' } = useParams()
  const source = useSourceQuery(sourceId)
  return (
    <Stack>
      <Anchor component={Link} to="/admin/sources" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('sources.back')}
        </Group>
      </Anchor>
      <ErrorAlert error={source.error} />
      {source.isPending ? <Loader /> : source.data && <SourceView source={source.data} />}
    </Stack>
  )
}

function SourceView({ source }: { source: ApiSource }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const errorText = useErrorText()
  const [editing, setEditing] = useState(false)
  const test = useTestSourceMutation()
  const sync = useSyncSourceMutation(source.id)
  const remove = useDeleteSourceMutation()

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('sources.deleteTitle', { name: source.name }),
      children: <Text size="sm">{t('sources.deleteText')}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(source.id, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: t('sources.deleted') })
            navigate('/admin/sources')
          },
          onError: (e) => notifications.show({ color: 'red', message: errorText(e) }),
        }),
    })

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{source.name}</Title>
            <Badge variant="outline">{t(`sources.kinds.${source.kind}`)}</Badge>
            <SourceStatusBadge source={source} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('sources.lastSyncAt', { at: formatDateTime(source.lastSyncAt) })}
          </Text>
          <CacheStats sourceId={source.id} />
        </Stack>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
          {!source.builtIn && (
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              loading={test.isPending}
              onClick={() => test.mutate({ id: source.id })}
            >
              {t('sources.test.button')}
            </Button>
          )}
          <Button
            leftSection={<IconRefresh size={16} />}
            loading={sync.isPending}
            onClick={() =>
              sync.mutate(undefined, {
                onSuccess: (c) =>
                  notifications.show({
                    color: 'green',
                    message: t('sources.synced', { count: c.tables.length }),
                  }),
              })
            }
          >
            {t('sources.sync')}
          </Button>
          {!source.builtIn && (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>
              {t('common.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {test.data && <TestResultAlert result={test.data} />}
      <ErrorAlert error={test.error ?? sync.error} />
      {source.lastSyncError && !sync.error && (
        <SourceErrorAlert error={source.lastSyncError} title={t('sources.status.failed')} />
      )}
      <Tabs defaultValue="catalog" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="catalog">{t('sources.catalog.title')}</Tabs.Tab>
          <Tabs.Tab value="permissions">{t('sources.permissions.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="catalog">
          <CatalogBrowser sourceId={source.id} />
        </Tabs.Panel>
        <Tabs.Panel value="permissions">
          <SourcePermissionsTab sourceId={source.id} />
        </Tabs.Panel>
      </Tabs>
      {editing && <SourceFormModal source={source} onClose={() => setEditing(false)} />}
    </>
  )
}
