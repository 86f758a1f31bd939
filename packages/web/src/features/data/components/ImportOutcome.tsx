import { Alert, Stack } from '@mantine/core'
import { IconCircleCheck } from '@tabler/icons-react'
import type { ApiBatch } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { ApiRequestError } from '../../../data/api-client'
import { ServerProgress } from './ImportProgress'
import { LayoutNotes } from './LayoutNotes'
import { ValidationReportView } from './ValidationReportView'

/** A batch as it runs and once it has finished: loaded, refused with a report, or failed. */
export function ImportOutcome({ batch }: { batch: ApiBatch }) {
  const { t } = useTranslation()
  switch (batch.status) {
    case 'running':
      return <ServerProgress progress={batch.progress} />
    case 'loaded':
      return (
        <Stack>
          <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="import-success">
            {t('data.upload.success', { count: batch.rowsInserted + batch.rowsUpdated })}
            {batch.rowsQuarantined > 0 &&
              ` · ${t('data.upload.quarantined', { count: batch.rowsQuarantined })}`}
          </Alert>
          <LayoutNotes notes={batch.notes} />
        </Stack>
      )
    case 'rejected':
      return <ValidationReportView batch={batch} />
    case 'failed':
    case 'rolled_back':
      return (
        <ErrorAlert
          error={
            new ApiRequestError(
              500,
              batch.error?.code ?? 'INTERNAL',
              batch.error?.message ?? batch.status,
              null,
              null,
            )
          }
        />
      )
  }
}
