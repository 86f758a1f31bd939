import { Button, Code, Group, Loader, Select, Table, Text } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { AUDIT_ACTIONS } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { downloadCsv } from '../../components/ui/download-csv'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useAuditQuery } from '../../data/audit/audit-query'
import { formatDateTime } from '../../i18n'

export function AuditPanel() {
  const { t } = useTranslation()
  const [action, setAction] = useState<string | null>(null)
  const audit = useAuditQuery(action)
  const events = audit.data?.pages.flatMap((p) => p.events) ?? []
  const label = (a: string) => t(`audit.${a}`, { defaultValue: a })

  const exportCsv = () =>
    downloadCsv('vitrina-audit.csv', [
      ['at', 'action', 'actor', 'target_type', 'target_id', 'ip', 'details'],
      ...events.map((e) => [
        e.at,
        e.action,
        e.actorEmail,
        e.targetType,
        e.targetId,
        e.ip,
        JSON.stringify(e.details),
      ]),
    ])

  return (
    <>
      <Group justify="space-between" mb="md">
        <Select
          placeholder={t('admin.filterAction')}
          clearable
          data={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(a) }))}
          value={action}
          onChange={setAction}
          w={280}
        />
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={exportCsv}
          disabled={!events.length}
        >
          {t('common.exportCsv')}
        </Button>
      </Group>
      <ErrorAlert error={audit.error} />
      {audit.isPending ? (
        <Loader />
      ) : events.length === 0 ? (
        <Text c="dimmed">{t('admin.noEvents')}</Text>
      ) : (
        <Table striped verticalSpacing="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.when')}</Table.Th>
              <Table.Th>{t('admin.action')}</Table.Th>
              <Table.Th>{t('admin.who')}</Table.Th>
              <Table.Th>{t('admin.target')}</Table.Th>
              <Table.Th>{t('admin.address')}</Table.Th>
              <Table.Th>{t('admin.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{label(e.action)}</Table.Td>
                <Table.Td>{e.actorEmail ?? '—'}</Table.Td>
                <Table.Td>{e.targetType ? `${e.targetType}` : '—'}</Table.Td>
                <Table.Td>{e.ip ?? '—'}</Table.Td>
                <Table.Td>
                  {Object.keys(e.details).length > 0 && (
                    <Code style={{ fontSize: 11 }}>{JSON.stringify(e.details)}</Code>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {audit.hasNextPage && (
        <Button
          variant="subtle"
          mt="md"
          loading={audit.isFetchingNextPage}
          onClick={() => void audit.fetchNextPage()}
        >
          {t('admin.loadMore')}
        </Button>
      )}
      {audit.isFetching && !audit.isPending && <Loader size="xs" mt="xs" />}
    </>
  )
}
