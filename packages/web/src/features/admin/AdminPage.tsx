import { Stack, Tabs, Title } from '@mantine/core'
import {
  IconCode,
  IconDatabase,
  IconHeartbeat,
  IconHistory,
  IconKey,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { EmbeddingPanel } from '../dashboards/share/EmbeddingPanel'
import { MonitoringPanel } from '../monitoring/MonitoringPanel'
import { SourcesPanel } from '../sources/SourcesPanel'
import { ApiKeysPanel } from './ApiKeysPanel'
import { AuditPanel } from './AuditPanel'
import { GroupsPanel } from './GroupsPanel'
import { UsersPanel } from './UsersPanel'

const TABS = ['users', 'groups', 'sources', 'api-keys', 'audit', 'monitoring', 'embedding'] as const

export function AdminPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { tab } = useParams()
  const current = TABS.find((x) => x === tab) ?? 'users'
  return (
    <Stack>
      <Title order={2}>{t('admin.title')}</Title>
      <Tabs value={current} onChange={(v) => navigate(`/admin/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users" leftSection={<IconUsers size={16} />}>
            {t('admin.users')}
          </Tabs.Tab>
          <Tabs.Tab value="groups" leftSection={<IconUsersGroup size={16} />}>
            {t('admin.groups')}
          </Tabs.Tab>
          <Tabs.Tab value="sources" leftSection={<IconDatabase size={16} />}>
            {t('sources.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="api-keys" leftSection={<IconKey size={16} />}>
            {t('settings.apiKeys')}
          </Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconHistory size={16} />}>
            {t('admin.audit')}
          </Tabs.Tab>
          <Tabs.Tab value="monitoring" leftSection={<IconHeartbeat size={16} />}>
            {t('monitoring.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="embedding" leftSection={<IconCode size={16} />}>
            {t('embedding.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="groups">
          <GroupsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="sources">
          <SourcesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="api-keys">
          <ApiKeysPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditPanel />
        </Tabs.Panel>
        <Tabs.Panel value="monitoring">
          <MonitoringPanel />
        </Tabs.Panel>
        <Tabs.Panel value="embedding">
          <EmbeddingPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
