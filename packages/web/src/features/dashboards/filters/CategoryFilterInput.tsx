import { TagsInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { dashboardKeys } from '../../../data/dashboards/keys'
import type { FilterValues } from '../model/filters'
import { useCardRuntime } from '../runtime'

/**
 * A category: several values, picked from the field's distinct values (searched on the server, restricted by
 * linked filters) or typed in. Numbers from the list stay numbers, so they match numeric columns.
 */
export function CategoryFilterInput(props: {
  filter: DashboardFilter
  value: DashboardFilterValue | null
  values: FilterValues
  disabled: boolean
  onChange: (value: DashboardFilterValue | null) => void
}) {
  const { t } = useTranslation()
  const runtime = useCardRuntime()
  const [opened, setOpened] = useState(false)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const linked = Object.fromEntries(props.filter.linkedFilterIds.map((id) => [id, props.values[id] ?? null]))
  const body = { filters: linked, search: debounced }
  const canList = props.filter.field !== null && runtime.loadFilterValues !== undefined
  const list = useQuery({
    queryKey: dashboardKeys.filterValues(runtime.dashboardKey, props.filter.id, body),
    enabled: canList && opened,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => runtime.loadFilterValues!(props.filter.id, body, signal),
  })
  const options = list.data?.values ?? []
  const selected = (Array.isArray(props.value) ? props.value : props.value === null ? [] : [props.value]).map(
    String,
  )
  const original = (tag: string) => options.find((o) => typeof o === 'number' && String(o) === tag) ?? tag
  return (
    <TagsInput
      label={props.filter.name}
      value={selected}
      onChange={(tags) =>
        props.onChange(tags.length === 0 ? null : tags.map((tag) => original(tag) as string | number))
      }
      data={options.map(String)}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      placeholder={selected.length === 0 ? t('dashboards.filterBar.any') : undefined}
      disabled={props.disabled}
      clearable
      maxDropdownHeight={260}
      comboboxProps={{ withinPortal: true }}
      description={list.data?.truncated ? t('dashboards.filterBar.truncated') : undefined}
      w={240}
    />
  )
}
