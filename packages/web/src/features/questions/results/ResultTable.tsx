import { Badge, Box, Group, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { CellValue, ResultColumn } from '@vitrina/contracts'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'

const ROW_HEIGHT = 30
const NUMERIC = new Set(['integer', 'decimal', 'float'])

/** Only the visible rows are in the DOM, so 10k-row results scroll smoothly. */
export function ResultTable({ columns, rows }: { columns: ResultColumn[]; rows: CellValue[][] }) {
  const { t, i18n } = useTranslation()
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  })
  const template = `repeat(${columns.length}, minmax(140px, 1fr))`
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ru-RU', {
    maximumFractionDigits: 6,
  })
  const show = (value: CellValue, type: string) => {
    if (value === null) return <span style={{ opacity: 0.4 }}>∅</span>
    if (typeof value === 'number' && NUMERIC.has(type)) return number.format(value)
    // Exact decimals arrive as strings; format them when a double holds them exactly, else show them as sent.
    if (typeof value === 'string' && NUMERIC.has(type) && /^-?\d{1,15}(\.\d+)?$/.test(value))
      return value.replace('-', '').replace('.', '').length <= 15 ? number.format(Number(value)) : value
    if (typeof value === 'boolean') return value ? t('questions.result.true') : t('questions.result.false')
    return String(value)
  }

  return (
    <Box
      ref={parent}
      data-testid="result-table"
      style={{
        height: 420,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 6,
      }}
    >
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: template,
          position: 'sticky',
          top: 0,
          zIndex: 1,
          background: 'var(--mantine-color-body)',
          borderBottom: '1px solid var(--mantine-color-default-border)',
          minWidth: 'fit-content',
        }}
      >
        {columns.map((c) => (
          <Group key={c.name} gap={6} px="xs" py={6} wrap="nowrap" data-testid="result-column">
            <Text size="sm" fw={600} truncate>
              {c.name}
            </Text>
            <Badge size="xs" variant="light" color="gray" data-testid="column-type">
              {t(`questions.types.${c.type}`)}
            </Badge>
          </Group>
        ))}
      </Box>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 'fit-content' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index] ?? []
          return (
            <div
              key={item.key}
              data-testid="result-row"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
                display: 'grid',
                gridTemplateColumns: template,
                borderBottom: '1px solid var(--mantine-color-default-border)',
              }}
            >
              {columns.map((c, i) => (
                <Text
                  key={c.name}
                  size="sm"
                  px="xs"
                  truncate
                  style={{ lineHeight: `${ROW_HEIGHT}px`, textAlign: NUMERIC.has(c.type) ? 'right' : 'left' }}
                >
                  {show(row[i] ?? null, c.type)}
                </Text>
              ))}
            </div>
          )
        })}
      </div>
    </Box>
  )
}
