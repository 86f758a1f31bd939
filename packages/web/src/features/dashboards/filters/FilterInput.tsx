import { NumberInput, TextInput } from '@mantine/core'
import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import type { FilterValues } from '../model/filters'
import { CategoryFilterInput } from './CategoryFilterInput'
import { DateRangeFilterInput } from './DateRangeFilterInput'
import { NumberRangeFilterInput } from './NumberRangeFilterInput'

/** The input of one filter by its type; numbers apply on Enter or leaving the field, dates at once. */
export function FilterInput(props: {
  filter: DashboardFilter
  value: DashboardFilterValue | null
  values: FilterValues
  disabled: boolean
  onChange: (value: DashboardFilterValue | null) => void
}) {
  const { filter } = props
  switch (filter.type) {
    case 'text':
      return <CategoryFilterInput {...props} />
    case 'number-range':
      return <NumberRangeFilterInput {...props} />
    case 'date-range':
      return <DateRangeFilterInput {...props} />
    case 'date':
      return (
        <TextInput
          type="date"
          label={filter.name}
          value={typeof props.value === 'string' ? props.value : ''}
          onChange={(e) => props.onChange(e.currentTarget.value || null)}
          disabled={props.disabled}
          w={170}
        />
      )
    case 'number':
      return <SingleNumber {...props} />
  }
}

function SingleNumber(props: {
  filter: DashboardFilter
  value: DashboardFilterValue | null
  disabled: boolean
  onChange: (value: DashboardFilterValue | null) => void
}) {
  const [draft, setDraft] = useState<number | string>(typeof props.value === 'number' ? props.value : '')
  useEffect(() => setDraft(typeof props.value === 'number' ? props.value : ''), [props.value])
  const commit = () => props.onChange(typeof draft === 'number' ? draft : null)
  return (
    <NumberInput
      label={props.filter.name}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      decimalSeparator=","
      thousandSeparator=" "
      disabled={props.disabled}
      w={150}
    />
  )
}
