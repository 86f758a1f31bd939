import { ActionIcon, Checkbox, Group, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconSelector, IconTrash } from '@tabler/icons-react'
import type { ApiRow, DatasetColumn } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ColumnFilter } from './ColumnFilter'
import { EditableCell } from './EditableCell'
import type { ColumnFilterValue } from './filters'

export interface GridSort {
  column: string
  direction: 'asc' | 'desc'
}

/** The admin grid of one page of rows: sortable, filterable headers, selectable and editable rows. */
export function RowsGrid({
  columns,
  rows,
  sort,
  onSort,
  filters,
  onFilter,
  selected,
  onSelect,
  editable,
  onSave,
  onDelete,
}: {
  columns: DatasetColumn[]
  rows: ApiRow[]
  sort: GridSort | null
  onSort: (sort: GridSort | null) => void
  filters: Record<string, ColumnFilterValue>
  onFilter: (column: string, value: ColumnFilterValue) => void
  selected: ReadonlyMap<string, ApiRow>
  onSelect: (rows: ApiRow[], on: boolean) => void
  editable: boolean
  onSave: (row: ApiRow, column: DatasetColumn, text: string) => Promise<string | null>
  onDelete: (row: ApiRow) => void
}) {
  const { t } = useTranslation()
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.rowId))
  const someOn = rows.some((r) => selected.has(r.rowId))

  // Click cycles one column through ascending, descending and unsorted.
  const nextSort = (column: string): GridSort | null => {
    if (sort?.column !== column) return { column, direction: 'asc' }
    return sort.direction === 'asc' ? { column, direction: 'desc' } : null
  }

  return (
    <ScrollArea>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} data-testid="rows-grid">
        <Table.Thead>
          <Table.Tr>
            {editable && (
              <Table.Th w={36}>
                <Checkbox
                  size="xs"
                  aria-label={t('data.rows.selectAll')}
                  checked={allOn}
                  indeterminate={someOn && !allOn}
                  onChange={(e) => onSelect(rows, e.currentTarget.checked)}
                />
              </Table.Th>
            )}
            {columns.map((c) => {
              const SortIcon =
                sort?.column === c.identifier
                  ? sort.direction === 'asc'
                    ? IconArrowUp
                    : IconArrowDown
                  : IconSelector
              return (
                <Table.Th
                  key={c.identifier}
                  aria-sort={
                    sort?.column === c.identifier
                      ? sort.direction === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : undefined
                  }
                >
                  <Group gap={4} wrap="nowrap">
                    <UnstyledButton onClick={() => onSort(nextSort(c.identifier))} title={c.identifier}>
                      <Group gap={4} wrap="nowrap">
                        <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {c.displayName}
                        </Text>
                        <SortIcon size={14} opacity={0.6} />
                      </Group>
                    </UnstyledButton>
                    <ColumnFilter
                      column={c}
                      value={filters[c.identifier]}
                      onChange={(v) => onFilter(c.identifier, v)}
                    />
                  </Group>
                </Table.Th>
              )
            })}
            {editable && <Table.Th w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.rowId} data-testid="grid-row">
              {editable && (
                <Table.Td>
                  <Checkbox
                    size="xs"
                    aria-label={t('data.rows.selectRow')}
                    checked={selected.has(r.rowId)}
                    onChange={(e) => onSelect([r], e.currentTarget.checked)}
                  />
                </Table.Td>
              )}
              {columns.map((c) => (
                <Table.Td key={c.identifier}>
                  <EditableCell
                    column={c}
                    value={r.values[c.identifier] ?? null}
                    editable={editable}
                    save={(text) => onSave(r, c, text)}
                  />
                </Table.Td>
              ))}
              {editable && (
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={t('data.rows.deleteRow')}
                    onClick={() => onDelete(r)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
}
