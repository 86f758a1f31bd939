import { NativeSelect } from '@mantine/core'
import type { ApiUpload } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

/** Shown only for workbooks with several visible sheets. */
export function SheetPicker({
  sheets,
  value,
  onChange,
  disabled,
}: {
  sheets: ApiUpload['sheets']
  value: string
  onChange: (sheet: string) => void
  disabled?: boolean
}) {
  const { t } = useTranslation()
  if (sheets.length < 2) return null
  return (
    <NativeSelect
      label={t('data.sheet.label')}
      description={t('data.sheet.hint')}
      data={sheets.map((s) => s.name)}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      disabled={disabled}
      maw={360}
    />
  )
}
