import { Button, Group, MultiSelect, Select, Stack, Switch } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { PIVOT_AGGREGATIONS, type PivotAggregation } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ActionIconButton } from './ActionIconButton'
import { columnOptions, type SpecSectionProps } from './spec-props'

export function PivotSection({ spec, columns, update }: SpecSectionProps) {
  const { t } = useTranslation()
  const pivot = spec.pivot
  const set = (patch: Partial<typeof pivot>) => update({ pivot: { ...pivot, ...patch } })
  const numeric = columnOptions(columns, 'numeric')
  return (
    <Stack gap="sm">
      <MultiSelect
        label={t('charts.settings.pivotRows')}
        data={columnOptions(columns)}
        value={pivot.rows}
        onChange={(rows) => set({ rows })}
        maxValues={5}
      />
      <MultiSelect
        label={t('charts.settings.pivotColumns')}
        data={columnOptions(columns)}
        value={pivot.columns}
        onChange={(cols) => set({ columns: cols })}
        maxValues={3}
      />
      {pivot.values.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: values are edited in place by position
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <Select
            label={i === 0 ? t('charts.settings.pivotValues') : undefined}
            data={columnOptions(columns)}
            value={v.column}
            onChange={(column) =>
              column && set({ values: pivot.values.map((x, k) => (k === i ? { ...x, column } : x)) })
            }
            style={{ flex: 1 }}
          />
          <Select
            label={i === 0 ? t('charts.settings.aggregation') : undefined}
            data={PIVOT_AGGREGATIONS.map((a) => ({ value: a, label: t(`charts.aggregations.${a}`) }))}
            value={v.aggregation}
            onChange={(a) =>
              a &&
              set({
                values: pivot.values.map((x, k) =>
                  k === i ? { ...x, aggregation: a as PivotAggregation } : x,
                ),
              })
            }
            w={130}
          />
          <ActionIconButton
            label={t('charts.settings.remove')}
            icon={<IconTrash size={16} />}
            onClick={() => set({ values: pivot.values.filter((_, k) => k !== i) })}
          />
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        disabled={(numeric[0] ?? columnOptions(columns)[0]) === undefined}
        onClick={() =>
          set({
            values: [
              ...pivot.values,
              {
                column: (numeric[0] ?? columnOptions(columns)[0])!.value,
                aggregation: numeric[0] ? 'sum' : 'count',
              },
            ],
          })
        }
      >
        {t('charts.settings.pivotValues')}
      </Button>
      <Switch
        label={t('charts.settings.subtotals')}
        checked={pivot.subtotals}
        onChange={(e) => set({ subtotals: e.currentTarget.checked })}
      />
      <Switch
        label={t('charts.settings.grandTotals')}
        checked={pivot.grandTotals}
        onChange={(e) => set({ grandTotals: e.currentTarget.checked })}
      />
    </Stack>
  )
}
