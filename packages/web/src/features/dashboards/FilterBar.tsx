import { ActionIcon, Group, Tooltip } from '@mantine/core'
import { IconLock, IconPencil, IconX } from '@tabler/icons-react'
import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { FilterInput } from './filters/FilterInput'
import type { FilterValues } from './model/filters'

/** One input per filter; locked ones (fixed by a public link) are shown but cannot change. */
export function FilterBar(props: {
  filters: DashboardFilter[]
  values: FilterValues
  lockedIds: ReadonlySet<string>
  editing: boolean
  onChange: (id: string, value: DashboardFilterValue | null) => void
  onEdit?: (id: string) => void
  onRemove?: (id: string) => void
}) {
  const { t } = useTranslation()
  if (props.filters.length === 0) return null
  return (
    <Group gap="sm" align="flex-end" data-testid="dashboard-filters">
      {props.filters.map((filter) => {
        const locked = props.lockedIds.has(filter.id)
        return (
          <Group key={filter.id} gap={2} align="flex-end" wrap="nowrap" data-filter-id={filter.id}>
            <FilterInput
              filter={filter}
              value={props.values[filter.id] ?? null}
              values={props.values}
              disabled={locked}
              onChange={(v) => props.onChange(filter.id, v)}
            />
            {locked && (
              <Tooltip label={t('dashboards.filterBar.locked')}>
                <IconLock
                  size={14}
                  style={{ marginBottom: 10 }}
                  aria-label={t('dashboards.filterBar.locked')}
                />
              </Tooltip>
            )}
            {props.editing && props.onEdit && (
              <ActionIcon
                variant="subtle"
                mb={6}
                aria-label={`${t('dashboards.editFilter')}: ${filter.name}`}
                onClick={() => props.onEdit!(filter.id)}
              >
                <IconPencil size={14} />
              </ActionIcon>
            )}
            {props.editing && props.onRemove && (
              <ActionIcon
                variant="subtle"
                color="red"
                mb={6}
                aria-label={`${t('dashboards.removeFilter')}: ${filter.name}`}
                onClick={() => props.onRemove!(filter.id)}
              >
                <IconX size={14} />
              </ActionIcon>
            )}
          </Group>
        )
      })}
    </Group>
  )
}
