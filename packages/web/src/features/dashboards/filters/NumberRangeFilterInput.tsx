import { Group, Input, NumberInput } from '@mantine/core'
import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

type Range = { from: number | null; to: number | null }
const rangeOf = (v: DashboardFilterValue | null): Range =>
  v !== null && typeof v === 'object' && 'from' in v
    ? { from: typeof v.from === 'number' ? v.from : null, to: typeof v.to === 'number' ? v.to : null }
    : { from: null, to: null }

/** "From" and "to" numbers; applied on Enter or when the field is left. */
export function NumberRangeFilterInput(props: {
  filter: DashboardFilter
  value: DashboardFilterValue | null
  disabled: boolean
  onChange: (value: DashboardFilterValue | null) => void
}) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(rangeOf(props.value))
  useEffect(() => setDraft(rangeOf(props.value)), [props.value])
  const commit = () => props.onChange(draft.from === null && draft.to === null ? null : draft)
  const field = (end: 'from' | 'to') => (
    <NumberInput
      aria-label={`${props.filter.name}: ${t(`dashboards.filterBar.${end}`)}`}
      placeholder={t(`dashboards.filterBar.${end}`)}
      value={draft[end] ?? ''}
      onChange={(v) => setDraft((d) => ({ ...d, [end]: typeof v === 'number' ? v : null }))}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      decimalSeparator=","
      thousandSeparator=" "
      disabled={props.disabled}
      w={110}
    />
  )
  return (
    <Input.Wrapper label={props.filter.name}>
      <Group gap={4} wrap="nowrap">
        {field('from')}
        {field('to')}
      </Group>
    </Input.Wrapper>
  )
}
