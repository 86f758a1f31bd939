import { Alert, Button, Code, Loader, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react'
import type { ApiBatch, CellErrorView } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useValidationReportQuery } from '../../../data/datasets/batches-query'
import { datasetUrls } from '../../../data/datasets/urls'

const SHOWN = 200

/** Why a file was refused, cell by cell, with the highlighted copy of the file to download. */
export function ValidationReportView({ batch }: { batch: ApiBatch }) {
  const { t } = useTranslation()
  const report = useValidationReportQuery(batch.datasetId, batch.id)
  const count = report.data?.errorCount ?? batch.errorCount
  return (
    <Stack data-testid="validation-report">
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('data.report.title', { count })}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('data.report.text')}</Text>
          {batch.hasErrorReport && (
            <Button
              component="a"
              href={datasetUrls.errorReport(batch.datasetId, batch.id)}
              download
              variant="white"
              color="red"
              size="xs"
              leftSection={<IconDownload size={14} />}
            >
              {t('data.report.download')}
            </Button>
          )}
        </Stack>
      </Alert>
      <ErrorAlert error={report.error} />
      {report.isPending ? (
        <Loader size="sm" />
      ) : (
        report.data && <CellErrorsTable errors={report.data.errors} />
      )}
      {report.data && report.data.errors.length > SHOWN && (
        <Text size="xs" c="dimmed">
          {t('data.report.more', { shown: SHOWN, count: report.data.errorCount })}
        </Text>
      )}
    </Stack>
  )
}

export function useReasonText() {
  const { t, i18n } = useTranslation()
  return (error: Pick<CellErrorView, 'reason' | 'message'>) => {
    const key = `data.reasons.${error.reason}`
    return i18n.exists(key) ? t(key) : error.message
  }
}

export function CellErrorsTable({
  errors,
  withFile = true,
}: {
  errors: CellErrorView[]
  withFile?: boolean
}) {
  const { t } = useTranslation()
  const reason = useReasonText()
  return (
    <Table striped verticalSpacing="xs" data-testid="cell-errors">
      <Table.Thead>
        <Table.Tr>
          {withFile && <Table.Th>{t('data.report.file')}</Table.Th>}
          <Table.Th>{t('data.report.sheet')}</Table.Th>
          <Table.Th>{t('data.report.row')}</Table.Th>
          <Table.Th>{t('data.report.column')}</Table.Th>
          <Table.Th>{t('data.report.value')}</Table.Th>
          <Table.Th>{t('data.report.reason')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {errors.slice(0, SHOWN).map((e) => (
          <Table.Tr key={`${e.sheet}:${e.row}:${e.column}`}>
            {withFile && <Table.Td>{e.file}</Table.Td>}
            <Table.Td>{e.sheet}</Table.Td>
            <Table.Td>{e.row}</Table.Td>
            <Table.Td>
              {e.column}{' '}
              <Text span c="dimmed" size="sm">
                {e.columnName}
              </Text>
            </Table.Td>
            <Table.Td>
              <Code>{e.value}</Code>
            </Table.Td>
            <Table.Td title={e.message}>{reason(e)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
