import { ActionIcon, Menu, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv, IconPhoto } from '@tabler/icons-react'
import type { ExportFormat } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useErrorText } from '../../../components/ui/ErrorAlert'

/** PNG of what the card draws (always), CSV and .xlsx of its filtered data (when the page offers them). */
export function CardExportMenu(props: {
  title: string
  onPng: () => Promise<void>
  onData?: (format: ExportFormat) => Promise<void>
}) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const [busy, setBusy] = useState(false)
  const run = (task: () => Promise<void>) => {
    setBusy(true)
    task()
      .catch((error: unknown) => notifications.show({ color: 'red', message: errorText(error) }))
      .finally(() => setBusy(false))
  }
  const label = `${t('dashboards.export.card')}: ${props.title}`
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t('dashboards.export.card')}>
          <ActionIcon variant="subtle" color="gray" size="sm" loading={busy} aria-label={label}>
            <IconDownload size={14} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPhoto size={14} />} onClick={() => run(props.onPng)}>
          {t('dashboards.export.png')}
        </Menu.Item>
        {props.onData && (
          <>
            <Menu.Item
              leftSection={<IconFileTypeCsv size={14} />}
              onClick={() => run(() => props.onData!('csv'))}
            >
              {t('dashboards.export.csv')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconFileSpreadsheet size={14} />}
              onClick={() => run(() => props.onData!('xlsx'))}
            >
              {t('dashboards.export.xlsx')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
