import { Group, Input, Select, TextInput } from '@mantine/core'
import type { DashboardFilter, DashboardFilterValue, DateRangePreset } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PRESET_ORDER } from '../model/dates'

type Range = { from: string | null; to: string | null }

/**
 * A period: a preset ("last 30 days", "this month", resolved on the server each time a card runs), or
 * dates from and to, each applied at once.
 */
export function DateRangeFilterInput(props: {
  filter: DashboardFilter
  value: DashboardFilterValue | null
  disabled: boolean
  onChange: (value: DashboardFilterValue | null) => void
}) {
  const { t } = useTranslation()
  const v = props.value
  const preset = v !== null && typeof v === 'object' && 'preset' in v ? v.preset : null
  const range: Range =
    v !== null && typeof v === 'object' && 'from' in v
      ? { from: typeof v.from === 'string' ? v.from : null, to: typeof v.to === 'string' ? v.to : null }
      : { from: null, to: null }
  // "Custom" stays chosen while both dates are still empty; a range set by a click shows as custom too.
  const [custom, setCustom] = useState(false)
  const choice = preset ?? (custom || range.from !== null || range.to !== null ? 'custom' : 'all')
  const setRange = (next: Range) => props.onChange(next.from === null && next.to === null ? null : next)
  const date = (end: 'from' | 'to') => (
    <TextInput
      type="date"
      aria-label={`${props.filter.name}: ${t(`dashboards.filterBar.${end}`)}`}
      value={range[end] ?? ''}
      onChange={(e) => setRange({ ...range, [end]: e.currentTarget.value || null })}
      disabled={props.disabled}
      w={150}
    />
  )
  return (
    <Input.Wrapper label={props.filter.name}>
      <Group gap={4} wrap="nowrap">
        <Select
          aria-label={props.filter.name}
          data={[
            { value: 'all', label: t('dashboards.filterBar.allTime') },
            ...PRESET_ORDER.map((p) => ({ value: p, label: t(`dashboards.presets.${p}`) })),
            { value: 'custom', label: t('dashboards.filterBar.customRange') },
          ]}
          value={choice}
          allowDeselect={false}
          disabled={props.disabled}
          comboboxProps={{ withinPortal: true }}
          onChange={(next) => {
            if (next === 'all') {
              setCustom(false)
              props.onChange(null)
            } else if (next === 'custom') {
              setCustom(true)
              if (preset) props.onChange(null)
            } else if (next) {
              setCustom(false)
              props.onChange({ preset: next as DateRangePreset })
            }
          }}
          w={190}
        />
        {choice === 'custom' && (
          <>
            {date('from')}
            {date('to')}
          </>
        )}
      </Group>
    </Input.Wrapper>
  )
}
