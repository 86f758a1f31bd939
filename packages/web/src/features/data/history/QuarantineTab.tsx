import { ActionIcon, Group, Loader, Pagination, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { IconShieldCheck, IconTrash } from '@tabler/icons-react'
import type { ApiDataset } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../../components/ui/EmptyState'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useBatchesQuery } from '../../../data/datasets/batches-query'
import {
  QUARANTINE_PAGE_SIZE,
  useDismissQuarantineRowMutation,
  useQuarantineQuery,
} from '../../../data/datasets/quarantine-query'
import { formatCount } from '../components/format-cell'
import { useReasonText } from '../components/ValidationReportView'
import { allows } from '../dataset/access'

/** Rows that uploads in quarantine mode set aside, with why each was rejected. */
export function QuarantineTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const [page, setPage] = useState(1)
  const quarantine = useQuarantineQuery(dataset.id, (page - 1) * QUARANTINE_PAGE_SIZE)
  const batches = useBatchesQuery(dataset.id)
  const dismiss = useDismissQuarantineRowMutation(dataset.id)
  const reason = useReasonText()
  const fileOf = new Map((batches.data ?? []).map((b) => [b.id, b.fileName]))
  const canEdit = allows(dataset.myAccess, 'edit')

  if (quarantine.isPending) return <Loader />
  if (quarantine.error) return <ErrorAlert error={quarantine.error} />
  const { rows, total } = quarantine.data
  if (total === 0) {
    return (
      <EmptyState
        icon={<IconShieldCheck size={28} />}
        title={t('data.quarantine.empty')}
        text={t('data.quarantine.emptyText')}
      />
    )
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('data.quarantine.hint')} {t('data.rows.total', { count: formatCount(total) })}
      </Text>
      <ErrorAlert error={dismiss.error} />
      <ScrollArea>
        <Table striped verticalSpacing="xs" data-testid="quarantine-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('data.quarantine.batch')}</Table.Th>
              <Table.Th>{t('data.report.row')}</Table.Th>
              {dataset.columns.map((c) => (
                <Table.Th key={c.identifier}>{c.displayName}</Table.Th>
              ))}
              <Table.Th>{t('data.quarantine.errors')}</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const bad = new Set(r.errors.map((e) => e.columnName))
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{fileOf.get(r.batchId) ?? '—'}</Table.Td>
                  <Table.Td>{r.sourceRow}</Table.Td>
                  {dataset.columns.map((c) => (
                    <Table.Td
                      key={c.identifier}
                      c={bad.has(c.displayName) ? 'red' : undefined}
                      fw={bad.has(c.displayName) ? 600 : undefined}
                    >
                      {r.values[c.identifier] ?? ''}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {r.errors.map((e) => (
                      <Text key={`${e.column}:${e.reason}`} size="xs">
                        {e.column} ({e.columnName}): {reason(e)}
                      </Text>
                    ))}
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('common.delete')}
                        loading={dismiss.isPending && dismiss.variables === r.id}
                        onClick={() => dismiss.mutate(r.id)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {total > QUARANTINE_PAGE_SIZE && (
        <Group justify="center">
          <Pagination value={page} onChange={setPage} total={Math.ceil(total / QUARANTINE_PAGE_SIZE)} />
        </Group>
      )}
    </Stack>
  )
}
