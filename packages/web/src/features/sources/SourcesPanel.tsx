import { Badge, Button, Group, Loader, Table, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { ApiSource } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSourceCatalogQuery, useSourcesQuery } from '../../data/sources/sources-query'
import { formatDateTime } from '../../i18n'
import { sourcePath } from './paths'
import { SourceFormModal } from './SourceFormModal'
import { SourceStatusBadge } from './SourceStatusBadge'

/** Admin → Sources: every data source with its status; a row opens the source. */
export function SourcesPanel() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const sources = useSourcesQuery()
  const [adding, setAdding] = useState(false)
  return (
    <>
      <Group justify="space-between" mb="md">
        <Text c="dimmed" size="sm">
          {t('sources.intro')}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          {t('sources.add')}
        </Button>
      </Group>
      <ErrorAlert error={sources.error} />
      {sources.isPending ? (
        <Loader />
      ) : (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="sources-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('sources.kind')}</Table.Th>
              <Table.Th>{t('sources.statusTitle')}</Table.Th>
              <Table.Th>{t('sources.lastSync')}</Table.Th>
              <Table.Th>{t('sources.tables')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(sources.data ?? []).map((s) => (
              <Table.Tr key={s.id} style={{ cursor: 'pointer' }} onClick={() => navigate(sourcePath(s.id))}>
                <Table.Td fw={500}>{s.name}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{t(`sources.kinds.${s.kind}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  <SourceStatusBadge source={s} />
                </Table.Td>
                <Table.Td>{formatDateTime(s.lastSyncAt)}</Table.Td>
                <Table.Td>
                  <TableCount source={s} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {adding && (
        <SourceFormModal
          source={null}
          onClose={() => setAdding(false)}
          onSaved={(s) => navigate(sourcePath(s.id))}
        />
      )}
    </>
  )
}

function TableCount({ source }: { source: ApiSource }) {
  const catalog = useSourceCatalogQuery(source.id)
  return <>{catalog.data ? catalog.data.tables.length : '—'}</>
}
