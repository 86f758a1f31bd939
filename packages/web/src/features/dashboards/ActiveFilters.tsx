import { Badge, Button, CloseButton, Group } from '@mantine/core'
import type { DashboardCrossFilter, DashboardFilter } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import type { FormatLocale } from '../viz'
import { describeCross, describeValue } from './model/describe'
import { type FilterValues, isEmptyValue, sameValue } from './model/filters'

/**
 * What filters the dashboard now, apart from its defaults: each changed filter and each click, with a
 * button to take it back, and one to go back to the defaults.
 */
export function ActiveFilters(props: {
  filters: DashboardFilter[]
  values: FilterValues
  crossFilters: DashboardCrossFilter[]
  lockedIds: ReadonlySet<string>
  onResetFilter: (id: string) => void
  onRemoveCross: (index: number) => void
  onResetAll: () => void
}) {
  const { t, i18n } = useTranslation()
  const locale: FormatLocale = i18n.language === 'en' ? 'en-GB' : 'ru-RU'
  const changed = props.filters.filter(
    (f) => !props.lockedIds.has(f.id) && !sameValue(props.values[f.id] ?? null, f.default),
  )
  if (changed.length === 0 && props.crossFilters.length === 0) return null
  return (
    <Group gap="xs" data-testid="active-filters" aria-label={t('dashboards.chips.title')}>
      {changed.map((f) => {
        const value = props.values[f.id] ?? null
        const text = isEmptyValue(value) ? t('dashboards.chips.cleared') : describeValue(value!, t, locale)
        return (
          <Chip
            key={f.id}
            label={`${t('dashboards.chips.reset')}: ${f.name}`}
            onRemove={() => props.onResetFilter(f.id)}
          >
            {f.name}: {text}
          </Chip>
        )
      })}
      {props.crossFilters.map((c, i) => (
        <Chip
          key={`${c.field.name}.${c.field.column}`}
          label={`${t('dashboards.chips.reset')}: ${c.field.column}`}
          onRemove={() => props.onRemoveCross(i)}
        >
          {describeCross(c, locale)}
        </Chip>
      ))}
      <Button size="compact-xs" variant="subtle" onClick={props.onResetAll}>
        {t('dashboards.chips.resetAll')}
      </Button>
    </Group>
  )
}

function Chip(props: { label: string; onRemove: () => void; children: React.ReactNode }) {
  return (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      fw={500}
      data-testid="active-filter-chip"
      rightSection={<CloseButton size="xs" aria-label={props.label} onClick={props.onRemove} />}
    >
      {props.children}
    </Badge>
  )
}
