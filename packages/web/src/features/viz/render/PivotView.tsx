import { ScrollArea, Table } from '@mantine/core'
import type { ChartSpec } from '@vitrina/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { columnLabel, columnSettings, type FormatLocale, formatCell, formatNumber } from '../model/format'
import { computePivot } from '../model/pivot'
import { columnIndex, type VizResult } from '../model/result'

/** Pivot table: row fields down the left, one column per column-field value × value field, with totals. */
export function PivotView({
  result,
  spec,
  locale,
}: {
  result: VizResult
  spec: ChartSpec
  locale: FormatLocale
}) {
  const { t } = useTranslation()
  const pivot = useMemo(() => computePivot(result, spec), [result, spec])
  const text = (field: string, value: Parameters<typeof formatCell>[0]) => {
    const i = columnIndex(result, field)
    return i >= 0 ? formatCell(value, result.columns[i]!, spec, locale) : String(value)
  }
  const valueLabel = (v: { column: string; aggregation: string }) =>
    `${columnLabel(spec, v.column)} (${t(`charts.aggregations.${v.aggregation}`).toLowerCase()})`
  const header = pivot.columns.map((c) => {
    const key = c.total
      ? t('charts.grandTotal')
      : c.key.map((v, i) => text(pivot.columnFields[i]!, v)).join(' · ')
    const value = pivot.valueFields[c.value]!
    if (pivot.columnFields.length === 0) return valueLabel(value)
    return pivot.valueFields.length > 1 ? `${key} · ${valueLabel(value)}` : key
  })

  return (
    <ScrollArea h="100%" type="auto" data-testid="viz-pivot">
      <Table withColumnBorders stickyHeader fz="sm">
        <Table.Thead>
          <Table.Tr>
            {pivot.rowFields.map((f) => (
              <Table.Th key={f}>{columnLabel(spec, f)}</Table.Th>
            ))}
            {header.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: pivot columns have no identity beyond position
              <Table.Th key={i} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pivot.rows.map((row) => {
            const emphasis = row.kind !== 'row'
            return (
              <Table.Tr
                key={`${row.kind}:${row.key.join('\u0000')}`}
                fw={emphasis ? 700 : undefined}
                bg={emphasis ? 'var(--mantine-color-default-hover)' : undefined}
              >
                {pivot.rowFields.map((f, i) => {
                  let label = row.kind === 'row' ? text(f, row.key[i] ?? null) : ''
                  if (row.kind === 'subtotal' && i === 0) {
                    label = t('charts.subtotal', {
                      name: row.key.map((v, k) => text(pivot.rowFields[k]!, v)).join(' · '),
                    })
                  }
                  if (row.kind === 'total' && i === 0) label = t('charts.grandTotal')
                  return <Table.Td key={f}>{label}</Table.Td>
                })}
                {row.cells.map((v, i) => {
                  const field = pivot.valueFields[pivot.columns[i]!.value]!
                  const format = columnSettings(spec, field.column).number
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the pivot columns
                    <Table.Td key={i} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {field.aggregation === 'count'
                        ? formatNumber(v, undefined, locale)
                        : formatNumber(v, format, locale)}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
}
