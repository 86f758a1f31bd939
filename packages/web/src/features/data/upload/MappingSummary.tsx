import { Alert, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import type { ColumnMappingView } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

/** How the file's headers meet the dataset's columns, before anything is imported. */
export function MappingSummary({ mapping }: { mapping: ColumnMappingView }) {
  const { t } = useTranslation()
  const missingOptional = mapping.columns.filter((c) => c.source === null && !c.required)
  return (
    <>
      {mapping.missingRequired.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="missing-columns">
          {t('data.upload.missingRequired', { columns: mapping.missingRequired.join(', ') })}
        </Alert>
      )}
      {(mapping.unmatched.length > 0 || missingOptional.length > 0) && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />}>
          {mapping.unmatched.length > 0 && (
            <Text size="sm">{t('data.upload.unmatched', { columns: mapping.unmatched.join(', ') })}</Text>
          )}
          {missingOptional.length > 0 && (
            <Text size="sm">
              {t('data.upload.missingOptional', {
                columns: missingOptional.map((c) => c.displayName).join(', '),
              })}
            </Text>
          )}
        </Alert>
      )}
    </>
  )
}
