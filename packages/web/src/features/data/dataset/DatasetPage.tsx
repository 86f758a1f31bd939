import {
  ActionIcon,
  Anchor,
  Badge,
  Breadcrumbs,
  Group,
  Loader,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core'
import {
  IconFileUpload,
  IconHistory,
  IconListCheck,
  IconLock,
  IconPencil,
  IconSchema,
  IconShieldExclamation,
  IconTable,
  IconTrash,
} from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useDatasetQuery } from '../../../data/datasets/datasets-query'
import { formatDateTime } from '../../../i18n'
import { ChangesTab } from '../changes/ChangesTab'
import { formatCount } from '../components/format-cell'
import { HistoryTab } from '../history/HistoryTab'
import { QuarantineTab } from '../history/QuarantineTab'
import { RowsTab } from '../rows/RowsTab'
import { UploadTab } from '../upload/UploadTab'
import { allows } from './access'
import { useDeleteDataset } from './delete-dataset'
import { EditDatasetModal } from './EditDatasetModal'
import { PermissionsTab } from './PermissionsTab'
import { SchemaTab } from './SchemaTab'

const TABS = ['rows', 'upload', 'history', 'changes', 'quarantine', 'permissions', 'schema'] as const

export function DatasetPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { datasetId = '', tab } = useParams()
  const dataset = useDatasetQuery(datasetId)
  const [editing, setEditing] = useState(false)
  const askDelete = useDeleteDataset(dataset.data ?? null)

  if (dataset.isPending) return <Loader />
  if (dataset.error) return <ErrorAlert error={dataset.error} />
  const d = dataset.data
  // A linked dataset has no uploads of its own: no upload, history or quarantine.
  const linked = d.kind === 'linked'
  const visible = TABS.filter(
    (x) =>
      (x !== 'upload' || (allows(d.myAccess, 'upload') && !linked)) &&
      (x !== 'permissions' || d.myAccess === 'manage') &&
      !(linked && (x === 'history' || x === 'quarantine')),
  )
  const current = visible.find((x) => x === tab) ?? 'rows'

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/data">
          {t('data.title')}
        </Anchor>
        <Text>{d.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{d.name}</Title>
            {allows(d.myAccess, 'edit') && (
              <>
                <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(true)}>
                  <IconPencil size={18} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('data.delete.title')}
                  onClick={askDelete}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </>
            )}
          </Group>
          {d.description && <Text c="dimmed">{d.description}</Text>}
        </Stack>
        <Group gap="xs">
          {d.source ? (
            <Badge variant="light" color="grape" tt="none" size="lg" data-testid="dataset-link">
              {t('data.linked.badge', { source: d.source.name, table: `${d.table.schema}.${d.table.name}` })}
            </Badge>
          ) : (
            <Badge variant="light" tt="none" size="lg" data-testid="dataset-row-count">
              {t('data.rows.total', { count: formatCount(d.rowCount) })}
            </Badge>
          )}
          {d.lastLoadedAt && (
            <Badge variant="default" tt="none" size="lg">
              {t('data.col.lastUpload')}: {formatDateTime(d.lastLoadedAt)}
            </Badge>
          )}
        </Group>
      </Group>
      <Tabs value={current} onChange={(v) => navigate(`/data/${d.id}/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="rows" leftSection={<IconTable size={16} />}>
            {t('data.tabs.rows')}
          </Tabs.Tab>
          {visible.includes('upload') && (
            <Tabs.Tab value="upload" leftSection={<IconFileUpload size={16} />}>
              {t('data.tabs.upload')}
            </Tabs.Tab>
          )}
          {visible.includes('history') && (
            <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
              {t('data.tabs.history')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="changes" leftSection={<IconListCheck size={16} />}>
            {t('data.tabs.changes')}
          </Tabs.Tab>
          {visible.includes('quarantine') && (
            <Tabs.Tab value="quarantine" leftSection={<IconShieldExclamation size={16} />}>
              {t('data.tabs.quarantine')}
            </Tabs.Tab>
          )}
          {visible.includes('permissions') && (
            <Tabs.Tab value="permissions" leftSection={<IconLock size={16} />}>
              {t('data.tabs.permissions')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="schema" leftSection={<IconSchema size={16} />}>
            {t('data.tabs.schema')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rows">
          <RowsTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="upload">
          <UploadTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="changes">
          <ChangesTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="quarantine">
          <QuarantineTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="permissions">
          <PermissionsTab dataset={d} />
        </Tabs.Panel>
        <Tabs.Panel value="schema">
          <SchemaTab dataset={d} />
        </Tabs.Panel>
      </Tabs>
      {editing && <EditDatasetModal dataset={d} onClose={() => setEditing(false)} />}
    </Stack>
  )
}
