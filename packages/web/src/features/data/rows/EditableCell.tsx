import { Text, TextInput, Tooltip } from '@mantine/core'
import type { CellValue, DatasetColumn } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { editText, formatCell } from '../components/format-cell'

/**
 * A grid cell: double-click or Enter to edit; Enter saves, Esc cancels. `save` resolves with an error text
 * (shown under the input, which stays open) or null when saved.
 */
export function EditableCell({
  column,
  value,
  editable,
  save,
}: {
  column: DatasetColumn
  value: CellValue
  editable: boolean
  save: (text: string) => Promise<string | null>
}) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const shown = formatCell(value, column.type)
  const numeric = column.type === 'integer' || column.type === 'decimal'

  const begin = () => {
    if (!editable) return
    setText(editText(value, column.type))
    setError(null)
    setEditing(true)
  }
  const commit = async () => {
    if (text === editText(value, column.type)) {
      setEditing(false)
      return
    }
    setSaving(true)
    const problem = await save(text)
    setSaving(false)
    if (problem) setError(problem)
    else setEditing(false)
  }

  if (editing) {
    return (
      <Tooltip label={t('data.rows.editHint')} position="top" withArrow opened={!error}>
        <TextInput
          size="xs"
          autoFocus
          aria-label={column.displayName}
          value={text}
          disabled={saving}
          error={error}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              void commit()
            } else if (e.key === 'Escape') {
              e.preventDefault()
              e.stopPropagation()
              setEditing(false)
            }
          }}
          onBlur={() => {
            if (!saving && !error) setEditing(false)
          }}
        />
      </Tooltip>
    )
  }
  return (
    <Text
      size="sm"
      ta={numeric ? 'right' : undefined}
      tabIndex={editable ? 0 : undefined}
      data-column={column.identifier}
      onDoubleClick={begin}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault()
          begin()
        }
      }}
      style={{ cursor: editable ? 'cell' : undefined, minHeight: 20, whiteSpace: 'nowrap' }}
      c={value === null ? 'dimmed' : undefined}
    >
      {shown}
    </Text>
  )
}
