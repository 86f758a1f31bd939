import { ActionIcon, Checkbox, NativeSelect, Table, Text, TextInput } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import type { ColumnType } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { typeOptions } from './column-types'
import { type EditableColumn, identifierProblems } from './columns-model'

/**
 * The columns of a dataset to be created: header, SQL name, type, required and key, one row per column.
 * With `removable` the user may also delete columns (a dataset created empty).
 */
export function ColumnsEditor({
  columns,
  onChange,
  removable = false,
}: {
  columns: EditableColumn[]
  onChange: (columns: EditableColumn[]) => void
  removable?: boolean
}) {
  const { t } = useTranslation()
  const problems = identifierProblems(columns)
  const showExamples = columns.some((c) => c.examples.length > 0)
  const patch = (index: number, change: Partial<EditableColumn>) =>
    onChange(columns.map((c, i) => (i === index ? { ...c, ...change } : c)))

  return (
    <Table verticalSpacing="xs" data-testid="columns-editor">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('data.preview.displayName')}</Table.Th>
          <Table.Th>{t('data.preview.identifier')}</Table.Th>
          <Table.Th>{t('data.preview.type')}</Table.Th>
          <Table.Th>{t('data.preview.required')}</Table.Th>
          <Table.Th>{t('data.preview.key')}</Table.Th>
          {showExamples && <Table.Th>{t('data.preview.examples')}</Table.Th>}
          {removable && <Table.Th w={40} />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {columns.map((c, i) => {
          const label = c.displayName || c.identifier
          const problem = problems[i]
          return (
            <Table.Tr key={c.sourceIndex ?? `new-${i}`}>
              <Table.Td>
                <TextInput
                  aria-label={`${t('data.preview.displayName')}: ${label}`}
                  value={c.displayName}
                  onChange={(e) => patch(i, { displayName: e.currentTarget.value })}
                  error={c.displayName.trim() === ''}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`${t('data.preview.identifier')}: ${label}`}
                  value={c.identifier}
                  onChange={(e) => patch(i, { identifier: e.currentTarget.value })}
                  error={problem ? t(`data.preview.${problem}`) : undefined}
                  styles={{ input: { fontFamily: 'monospace' } }}
                />
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={`${t('data.preview.type')}: ${label}`}
                  data={typeOptions(t)}
                  value={c.type}
                  onChange={(e) => patch(i, { type: e.currentTarget.value as ColumnType })}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${t('data.preview.required')}: ${label}`}
                  checked={c.required || c.key}
                  disabled={c.key}
                  onChange={(e) => patch(i, { required: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${t('data.preview.key')}: ${label}`}
                  checked={c.key}
                  onChange={(e) => patch(i, { key: e.currentTarget.checked })}
                />
              </Table.Td>
              {showExamples && (
                <Table.Td maw={260}>
                  <Text size="xs" c="dimmed" truncate>
                    {c.examples.join(' · ')}
                  </Text>
                </Table.Td>
              )}
              {removable && (
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t('common.delete')}: ${label}`}
                    disabled={columns.length === 1}
                    onClick={() => onChange(columns.filter((_, j) => j !== i))}
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
  )
}
