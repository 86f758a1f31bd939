import { ActionIcon, Group, NumberInput, TextInput } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import type { DashboardFilter, ParameterValue } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** One input per filter; text and numbers apply on Enter or leaving the field, dates at once. */
export function FilterBar(props: {
  filters: DashboardFilter[]
  values: Record<string, ParameterValue>
  editing: boolean
  onChange: (id: string, value: ParameterValue) => void
  onRemove: (id: string) => void
}) {
  const { t } = useTranslation()
  if (props.filters.length === 0) return null
  return (
    <Group gap="sm" align="flex-end" data-testid="dashboard-filters">
      {props.filters.map((filter) => (
        <Group key={filter.id} gap={2} align="flex-end" wrap="nowrap">
          <FilterInput
            filter={filter}
            value={props.values[filter.id] ?? null}
            onChange={(v) => props.onChange(filter.id, v)}
          />
          {props.editing && (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={6}
              aria-label={`${t('dashboards.removeFilter')}: ${filter.name}`}
              onClick={() => props.onRemove(filter.id)}
            >
              <IconX size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
    </Group>
  )
}

function FilterInput({
  filter,
  value,
  onChange,
}: {
  filter: DashboardFilter
  value: ParameterValue
  onChange: (value: ParameterValue) => void
}) {
  const [text, setText] = useState(value === null ? '' : String(value))
  useEffect(() => setText(value === null ? '' : String(value)), [value])
  const commit = () => {
    if (filter.type === 'number') {
      const n = Number(text.replace(',', '.'))
      onChange(text.trim() === '' || !Number.isFinite(n) ? null : n)
    } else onChange(text.trim() === '' ? null : text.trim())
  }
  if (filter.type === 'date')
    return (
      <TextInput
        type="date"
        label={filter.name}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value || null)}
        w={170}
      />
    )
  if (filter.type === 'number')
    return (
      <NumberInput
        label={filter.name}
        value={text}
        onChange={(v) => setText(String(v))}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        w={150}
      />
    )
  return (
    <TextInput
      label={filter.name}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      w={200}
    />
  )
}
