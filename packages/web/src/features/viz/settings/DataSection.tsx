import { MultiSelect, NumberInput, Select, Stack, Switch } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { PivotSection } from './PivotSection'
import { columnOptions, numberOrNull, type SpecSectionProps } from './spec-props'
import { TableSection } from './TableSection'

/** Which columns the chart shows, and the settings that only one chart type has. */
export function DataSection(props: SpecSectionProps) {
  const { spec, columns, update } = props
  const { t } = useTranslation()
  const type = spec.type
  if (type === 'table') return <TableSection {...props} />
  if (type === 'pivot') return <PivotSection {...props} />

  const single = type === 'number' || type === 'trend' || type === 'gauge' || type === 'progress'
  const hasBreakout = type === 'bar' || type === 'line' || type === 'area' || type === 'scatter'
  return (
    <Stack gap="sm">
      {type !== 'number' && type !== 'gauge' && type !== 'progress' && (
        <Select
          label={t('charts.settings.dimension')}
          data={columnOptions(columns, type === 'scatter' ? 'numeric' : undefined)}
          value={spec.dimension}
          onChange={(dimension) => update({ dimension })}
          clearable={type === 'trend'}
        />
      )}
      {single ? (
        <Select
          label={t('charts.settings.metrics')}
          data={columnOptions(columns, 'numeric')}
          value={spec.metrics[0] ?? null}
          onChange={(m) => update({ metrics: m ? [m] : [] })}
        />
      ) : (
        <MultiSelect
          label={t('charts.settings.metrics')}
          data={columnOptions(columns, 'numeric')}
          value={spec.metrics}
          onChange={(metrics) => update({ metrics })}
          maxValues={
            type === 'pie' || type === 'funnel' || type === 'waterfall' || type === 'scatter' ? 1 : 20
          }
        />
      )}
      {hasBreakout && (
        <Select
          label={t('charts.settings.breakout')}
          placeholder={t('charts.settings.none')}
          data={columnOptions(columns, 'not-numeric')}
          value={spec.breakout}
          onChange={(breakout) => update({ breakout })}
          clearable
        />
      )}
      {type === 'scatter' && (
        <Select
          label={t('charts.settings.sizeColumn')}
          placeholder={t('charts.settings.none')}
          data={columnOptions(columns, 'numeric')}
          value={spec.scatter.sizeColumn}
          onChange={(sizeColumn) => update({ scatter: { sizeColumn } })}
          clearable
        />
      )}
      {type === 'pie' && (
        <Switch
          label={t('charts.settings.donut')}
          checked={spec.pie.donut}
          onChange={(e) => update({ pie: { donut: e.currentTarget.checked } })}
        />
      )}
      {(type === 'number' || type === 'trend') && (
        <>
          <Switch
            label={t('charts.settings.comparison')}
            checked={spec.kpi.comparison === 'previous_row'}
            onChange={(e) =>
              update({ kpi: { ...spec.kpi, comparison: e.currentTarget.checked ? 'previous_row' : 'none' } })
            }
          />
          <Switch
            label={t('charts.settings.upIsGood')}
            checked={spec.kpi.upIsGood}
            onChange={(e) => update({ kpi: { ...spec.kpi, upIsGood: e.currentTarget.checked } })}
          />
        </>
      )}
      {(type === 'gauge' || type === 'progress') && (
        <>
          <NumberInput
            label={t('charts.settings.gaugeMin')}
            value={spec.gauge.min}
            onChange={(v) => update({ gauge: { ...spec.gauge, min: numberOrNull(v) ?? 0 } })}
          />
          <NumberInput
            label={t('charts.settings.gaugeMax')}
            value={spec.gauge.max ?? ''}
            onChange={(v) => update({ gauge: { ...spec.gauge, max: numberOrNull(v) } })}
          />
        </>
      )}
      {type === 'waterfall' && (
        <Switch
          label={t('charts.settings.showTotal')}
          checked={spec.waterfall.showTotal}
          onChange={(e) => update({ waterfall: { showTotal: e.currentTarget.checked } })}
        />
      )}
    </Stack>
  )
}
