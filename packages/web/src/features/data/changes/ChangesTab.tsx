import { Button, Group, Loader, Stack, Table, Text } from '@mantine/core'
import { IconHistoryToggle } from '@tabler/icons-react'
import type { ApiDataset, CellValue } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../../components/ui/EmptyState'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useDatasetChangesQuery } from '../../../data/datasets/changes-query'
import { formatDateTime } from '../../../i18n'
import { formatCell } from '../components/format-cell'
import { type DiffLine, describeChange } from './changes-model'

const LEVELS = new Set(['view', 'upload', 'edit'])

/** The dataset's change log (GET …/changes): who did what when, row edits as before → after. */
export function ChangesTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const changes = useDatasetChangesQuery(dataset.id)
  const events = changes.data?.pages.flatMap((p) => p.events) ?? []

  const shown = (line: DiffLine, value: CellValue) => {
    if (value === null || value === '') return '—'
    if (line.column) return formatCell(value, line.column.type)
    return typeof value === 'string' && LEVELS.has(value) ? t(`data.permissions.${value}`) : String(value)
  }

  if (changes.isPending) return <Loader />
  if (changes.error) return <ErrorAlert error={changes.error} />
  if (events.length === 0) {
    return (
      <EmptyState
        icon={<IconHistoryToggle size={28} />}
        title={t('data.changes.empty')}
        text={t('data.changes.emptyText')}
      />
    )
  }
  return (
    <Stack>
      <Table verticalSpacing="xs" data-testid="changes-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('data.changes.when')}</Table.Th>
            <Table.Th>{t('data.changes.who')}</Table.Th>
            <Table.Th>{t('data.changes.what')}</Table.Th>
            <Table.Th>{t('data.changes.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const view = describeChange(e, dataset.columns)
            return (
              <Table.Tr key={e.id} data-testid="change-row" style={{ verticalAlign: 'top' }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{e.actorEmail ?? t('data.changes.system')}</Table.Td>
                <Table.Td>{t(`audit.${e.action}`, { defaultValue: e.action })}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {view.summary && (
                      <Text size="sm">
                        {t(`data.changes.summary.${view.summary.key}`, {
                          ...view.summary.params,
                          ...('mode' in view.summary.params && {
                            mode: t(`data.upload.modes.${view.summary.params.mode}`, {
                              defaultValue: String(view.summary.params.mode),
                            }),
                          }),
                        })}
                      </Text>
                    )}
                    {view.diffs
                      .filter((d) => d.length > 0)
                      .map((diff, i) => (
                        <Table
                          // biome-ignore lint/suspicious/noArrayIndexKey: diffs of one event have no identity but their order
                          key={i}
                          withTableBorder
                          verticalSpacing={2}
                          fz="xs"
                          data-testid="change-diff"
                        >
                          <Table.Tbody>
                            {diff.map((line) => (
                              <Table.Tr key={line.label}>
                                <Table.Td fw={500} w="30%">
                                  {line.label}
                                </Table.Td>
                                <Table.Td
                                  c="red.8"
                                  td={line.before !== null ? 'line-through' : undefined}
                                  aria-label={t('data.changes.before')}
                                >
                                  {shown(line, line.before)}
                                </Table.Td>
                                <Table.Td w={16} c="dimmed">
                                  →
                                </Table.Td>
                                <Table.Td c="green.8" aria-label={t('data.changes.after')}>
                                  {shown(line, line.after)}
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      {changes.hasNextPage && (
        <Group>
          <Button
            variant="subtle"
            loading={changes.isFetchingNextPage}
            onClick={() => void changes.fetchNextPage()}
          >
            {t('data.changes.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  )
}
