import { Alert, List } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import type { LayoutNote } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

/** What the reader left out or guessed (totals rows dropped, columns without a header). */
export function LayoutNotes({ notes }: { notes: LayoutNote[] }) {
  const { t } = useTranslation()
  if (notes.length === 0) return null
  return (
    <Alert
      color="yellow"
      icon={<IconInfoCircle size={18} />}
      title={t('data.preview.notes')}
      data-testid="layout-notes"
    >
      <List size="sm">
        {notes.map((n) => (
          <List.Item key={`${n.kind}:${n.row}:${n.message}`}>
            {n.kind === 'totals_row_dropped' && n.row !== null
              ? t('data.notes.totalsDropped', { row: n.row })
              : n.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
