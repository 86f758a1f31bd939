import { ActionIcon, Badge, Code, Group, Loader, Modal, Stack, Table, Text, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconDownload, IconListDetails } from '@tabler/icons-react'
import type { ApiBatch, ApiDataset, BatchRef, BatchStatus } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../../components/ui/EmptyState'
import { ErrorAlert, useErrorText } from '../../../components/ui/ErrorAlert'
import { ApiRequestError } from '../../../data/api-client'
import { useBatchesQuery, useRollbackMutation } from '../../../data/datasets/batches-query'
import { datasetUrls } from '../../../data/datasets/urls'
import { formatDateTime } from '../../../i18n'
import { formatCount } from '../components/format-cell'
import { ValidationReportView } from '../components/ValidationReportView'
import { allows } from '../dataset/access'

const STATUS_COLOR: Record<BatchStatus, string> = {
  running: 'blue',
  loaded: 'green',
  rejected: 'red',
  failed: 'red',
  rolled_back: 'gray',
}

/** The later batch named by a 409 BATCH_ROLLBACK_BLOCKED. */
function blockedBy(e: ApiRequestError): BatchRef | null {
  const list = (e.details as { blockedBy?: BatchRef[] } | null)?.blockedBy
  return list?.[0] ?? null
}

/** Every upload into the dataset: who, when, which file, what it did; originals and roll back. */
export function HistoryTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const batches = useBatchesQuery(dataset.id)
  const rollback = useRollbackMutation(dataset.id)
  const errorText = useErrorText()
  const [reportOf, setReportOf] = useState<ApiBatch | null>(null)

  const blockedText = (by: BatchRef) =>
    t('data.history.rollbackBlocked', { file: by.fileName, when: formatDateTime(by.createdAt) })
  // The server's rule: a batch whose rows a later batch replaced waits until that one is rolled back.
  const rollbackError = (e: unknown) => {
    const later = e instanceof ApiRequestError && e.code === 'BATCH_ROLLBACK_BLOCKED' ? blockedBy(e) : null
    return later ? blockedText(later) : errorText(e)
  }
  const confirmRollback = (b: ApiBatch) =>
    modals.openConfirmModal({
      title: t('data.history.rollback'),
      children: (
        <Stack gap="xs" data-testid="rollback-confirm">
          {b.replacedBy ? (
            <Text size="sm" c="red">
              {blockedText(b.replacedBy)}
            </Text>
          ) : (
            <>
              <Text size="sm">
                {t('data.history.confirmRollback', {
                  file: b.fileName,
                  count: b.rowsInserted + b.rowsUpdated,
                })}
              </Text>
              {b.rowsUpdated + b.rowsDeleted > 0 && (
                <Text size="sm">
                  {t('data.history.confirmRollbackRestore', { count: b.rowsUpdated + b.rowsDeleted })}
                </Text>
              )}
            </>
          )}
          <Text size="xs" c="dimmed">
            {t('data.history.rollbackRule')}
          </Text>
        </Stack>
      ),
      labels: { confirm: t('data.history.rollback'), cancel: t('common.cancel') },
      confirmProps: { color: 'red', disabled: b.replacedBy !== null },
      onConfirm: () =>
        rollback.mutate(b.id, {
          onSuccess: () => notifications.show({ color: 'green', message: t('data.history.rolledBack') }),
          onError: (e) => notifications.show({ color: 'red', message: rollbackError(e) }),
        }),
    })

  if (batches.isPending) return <Loader />
  if (batches.error) return <ErrorAlert error={batches.error} />
  if (batches.data.length === 0) {
    return (
      <EmptyState
        icon={<IconListDetails size={28} />}
        title={t('data.history.empty')}
        text={t('data.history.emptyText')}
      />
    )
  }

  return (
    <>
      <Table striped verticalSpacing="xs" data-testid="batches-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('data.history.when')}</Table.Th>
            <Table.Th>{t('data.history.who')}</Table.Th>
            <Table.Th>{t('data.history.file')}</Table.Th>
            <Table.Th>{t('data.history.hash')}</Table.Th>
            <Table.Th ta="right">{t('data.history.rows')}</Table.Th>
            <Table.Th>{t('data.history.mode')}</Table.Th>
            <Table.Th>{t('data.history.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.data.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.createdAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{b.createdBy?.name ?? '—'}</Table.Td>
              <Table.Td>
                {b.fileName}
                {b.sheet && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {b.sheet}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Tooltip label={b.sha256}>
                  <Code>{b.sha256.slice(0, 12)}</Code>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right">
                {formatCount(b.rowsInserted + b.rowsUpdated)}
                {b.rowsQuarantined > 0 && (
                  <Text span size="xs" c="orange">
                    {' '}
                    +{formatCount(b.rowsQuarantined)}
                  </Text>
                )}
                {b.rowsRestored > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('data.history.restored', { count: formatCount(b.rowsRestored) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {b.mode === 'manual' ? t('data.history.manual') : t(`data.upload.modes.${b.mode}`)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge
                  color={STATUS_COLOR[b.status]}
                  variant="light"
                  tt="none"
                  style={{ overflow: 'visible' }}
                >
                  {t(`data.history.statuses.${b.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {b.errorCount > 0 && (
                    <Tooltip label={t('data.history.report')}>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`${t('data.history.report')}: ${b.fileName}`}
                        onClick={() => setReportOf(b)}
                      >
                        <IconListDetails size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {b.hasOriginal && allows(dataset.myAccess, 'upload') && (
                    <Tooltip label={t('data.history.original')}>
                      <ActionIcon
                        variant="subtle"
                        component="a"
                        href={datasetUrls.original(dataset.id, b.id)}
                        download
                        aria-label={`${t('data.history.original')}: ${b.fileName}`}
                      >
                        <IconDownload size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {(b.status === 'loaded' || b.status === 'failed') && allows(dataset.myAccess, 'edit') && (
                    <Tooltip label={b.replacedBy ? blockedText(b.replacedBy) : t('data.history.rollback')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('data.history.rollback')}: ${b.fileName}`}
                        onClick={() => confirmRollback(b)}
                      >
                        <IconArrowBackUp size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={reportOf !== null}
        onClose={() => setReportOf(null)}
        size="80rem"
        title={reportOf?.fileName}
      >
        {reportOf && <ValidationReportView batch={reportOf} />}
      </Modal>
    </>
  )
}
