import { ScrollArea, Table, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react'
import type { ChartSpec } from '@vitrina/contracts'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { columnLabel, columnSettings, type FormatLocale, formatCell, formatNumber } from '../model/format'
import { columnRole, toNumber, type VizResult } from '../model/result'
import { cellBackgrounds, columnTotals } from '../model/table-model'

/** Rows drawn at once; a card is a summary, the full result is exported or paged in the question. */
const MAX_ROWS = 1000

export function TableView({
  result,
  spec,
  locale,
}: {
  result: VizResult
  spec: ChartSpec
  locale: FormatLocale
}) {
  const { t } = useTranslation()
  const [sort, setSort] = useState<{ column: number; desc: boolean } | null>(null)
  const visible = result.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !spec.table.hidden.includes(c.name))
  const backgrounds = useMemo(() => cellBackgrounds(result, spec), [result, spec])
  const totals = useMemo(() => (spec.table.totals ? columnTotals(result) : null), [result, spec.table.totals])
  const order = useMemo(() => {
    const indexes = result.rows.map((_, i) => i)
    if (!sort) return indexes
    const numeric = columnRole(result.columns[sort.column]!.type) === 'numeric'
    const key = (r: number) => result.rows[r]![sort.column] ?? null
    indexes.sort((a, b) => {
      const x = key(a)
      const y = key(b)
      if (x === y) return 0
      if (x === null) return 1
      if (y === null) return -1
      const c = numeric ? (toNumber(x) ?? 0) - (toNumber(y) ?? 0) : String(x).localeCompare(String(y), 'ru')
      return sort.desc ? -c : c
    })
    return indexes
  }, [result, sort])
  const shown = order.slice(0, MAX_ROWS)
  const alignOf = (type: string) => (columnRole(type) === 'numeric' ? 'right' : 'left')

  return (
    <ScrollArea h="100%" type="auto" data-testid="viz-table">
      <Table striped highlightOnHover stickyHeader withColumnBorders fz="sm">
        <Table.Thead>
          <Table.Tr>
            {visible.map(({ c, i }) => (
              <Table.Th key={c.name} style={{ textAlign: alignOf(c.type), whiteSpace: 'nowrap' }}>
                <UnstyledButton
                  fz="sm"
                  fw={600}
                  onClick={() =>
                    setSort(
                      sort?.column === i && !sort.desc
                        ? { column: i, desc: true }
                        : { column: i, desc: false },
                    )
                  }
                >
                  {columnLabel(spec, c.name)}
                  {sort?.column === i &&
                    (sort.desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
                </UnstyledButton>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((r) => (
            <Table.Tr key={r}>
              {visible.map(({ c, i }) => {
                const background = backgrounds[r]?.[i] ?? null
                return (
                  <Table.Td
                    key={c.name}
                    style={{
                      textAlign: alignOf(c.type),
                      whiteSpace: 'nowrap',
                      ...(background ? { background, color: '#1a1b1e' } : {}),
                    }}
                  >
                    {formatCell(result.rows[r]![i], c, spec, locale)}
                  </Table.Td>
                )
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {totals && (
          <Table.Tfoot>
            <Table.Tr data-testid="viz-table-totals">
              {visible.map(({ c, i }, k) => (
                <Table.Th key={c.name} style={{ textAlign: alignOf(c.type), whiteSpace: 'nowrap' }}>
                  {totals[i] !== null
                    ? formatNumber(totals[i], columnSettings(spec, c.name).number, locale)
                    : k === 0
                      ? t('charts.total')
                      : ''}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
      {result.rows.length > MAX_ROWS && (
        <Text size="xs" c="dimmed" p="xs">
          {t('charts.firstRows', { shown: MAX_ROWS, total: result.rows.length })}
        </Text>
      )}
    </ScrollArea>
  )
}
