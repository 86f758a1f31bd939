import {
  Button,
  ColorInput,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { GoalLine, SeriesSettings } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { comboRole } from '../model/cartesian-option'
import { PALETTE } from '../model/option-context'
import { ActionIconButton } from './ActionIconButton'
import { numberOrNull, type SpecSectionProps } from './spec-props'

const CARTESIAN = new Set(['bar', 'line', 'area', 'combo', 'waterfall', 'scatter'])

/** Stacking, orientation, labels, legend, sort, goal lines and series colours. */
export function DisplaySection({ spec, update }: SpecSectionProps) {
  const { t } = useTranslation()
  const type = spec.type
  const stackable = type === 'bar' || type === 'area' || type === 'combo'
  const goalsApply = CARTESIAN.has(type) || type === 'gauge' || type === 'progress'
  const setGoal = (i: number, goal: GoalLine) =>
    update({ goals: spec.goals.map((g, k) => (k === i ? goal : g)) })
  const setSeries = (metric: string, patch: Partial<SeriesSettings>) => {
    const current = spec.series[metric] ?? { color: null, ...comboRole(spec, metric) }
    update({ series: { ...spec.series, [metric]: { ...current, ...patch } } })
  }

  return (
    <Stack gap="sm">
      {stackable && (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('charts.settings.stacking')}
          </Text>
          <SegmentedControl
            fullWidth
            value={spec.stacking}
            onChange={(v) => update({ stacking: v as typeof spec.stacking })}
            data={[
              { value: 'none', label: t('charts.settings.stackingNone') },
              { value: 'stacked', label: t('charts.settings.stackingStacked') },
              { value: 'percent', label: t('charts.settings.stackingPercent') },
            ]}
          />
        </div>
      )}
      {type === 'bar' && (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('charts.settings.orientation')}
          </Text>
          <SegmentedControl
            fullWidth
            value={spec.orientation}
            onChange={(v) => update({ orientation: v as typeof spec.orientation })}
            data={[
              { value: 'vertical', label: t('charts.settings.vertical') },
              { value: 'horizontal', label: t('charts.settings.horizontal') },
            ]}
          />
        </div>
      )}
      <Switch
        label={t('charts.settings.showLabels')}
        checked={spec.showLabels}
        onChange={(e) => update({ showLabels: e.currentTarget.checked })}
      />
      <Switch
        label={t('charts.settings.showLegend')}
        checked={spec.showLegend}
        onChange={(e) => update({ showLegend: e.currentTarget.checked })}
      />
      <Group grow>
        <Select
          label={t('charts.settings.sortBy')}
          data={[
            { value: 'none', label: t('charts.settings.sortNone') },
            { value: 'dimension', label: t('charts.settings.sortDimension') },
            { value: 'metric', label: t('charts.settings.sortMetric') },
          ]}
          value={spec.sort.by}
          onChange={(by) => by && update({ sort: { ...spec.sort, by: by as typeof spec.sort.by } })}
          allowDeselect={false}
        />
        <Select
          label=" "
          aria-label={t('charts.settings.sortBy')}
          data={[
            { value: 'asc', label: t('charts.settings.ascending') },
            { value: 'desc', label: t('charts.settings.descending') },
          ]}
          value={spec.sort.direction}
          onChange={(d) => d && update({ sort: { ...spec.sort, direction: d as 'asc' | 'desc' } })}
          allowDeselect={false}
        />
      </Group>
      {CARTESIAN.has(type) &&
        spec.breakout === null &&
        spec.metrics.map((metric, i) => (
          <Group key={metric} gap="xs" align="flex-end" wrap="nowrap">
            <ColorInput
              label={`${t('charts.settings.color')}: ${spec.columns[metric]?.label || metric}`}
              value={spec.series[metric]?.color ?? spec.palette[i] ?? PALETTE[i % PALETTE.length]}
              onChange={(color) => /^#[0-9a-f]{6}$/i.test(color) && setSeries(metric, { color })}
              style={{ flex: 1 }}
            />
            {type === 'combo' && (
              <>
                <Select
                  label={t('charts.settings.seriesKind')}
                  data={[
                    { value: 'bar', label: t('charts.types.bar') },
                    { value: 'line', label: t('charts.types.line') },
                    { value: 'area', label: t('charts.types.area') },
                  ]}
                  value={comboRole(spec, metric).kind}
                  onChange={(kind) => kind && setSeries(metric, { kind: kind as SeriesSettings['kind'] })}
                  allowDeselect={false}
                  w={110}
                />
                <Select
                  label={t('charts.settings.seriesAxis')}
                  data={[
                    { value: 'left', label: t('charts.settings.axisLeft') },
                    { value: 'right', label: t('charts.settings.axisRight') },
                  ]}
                  value={comboRole(spec, metric).axis}
                  onChange={(axis) => axis && setSeries(metric, { axis: axis as SeriesSettings['axis'] })}
                  allowDeselect={false}
                  w={100}
                />
              </>
            )}
          </Group>
        ))}
      {goalsApply && (
        <>
          <Text size="sm" fw={500}>
            {t('charts.settings.goals')}
          </Text>
          {spec.goals.map((goal, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: goal lines are edited in place by position
            <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
              <NumberInput
                aria-label={t('charts.settings.goalValue')}
                value={goal.value}
                onChange={(v) => setGoal(i, { ...goal, value: numberOrNull(v) ?? 0 })}
                w={110}
              />
              <TextInput
                aria-label={t('charts.settings.goalLabel')}
                placeholder={t('charts.settings.goalLabel')}
                value={goal.label}
                onChange={(e) => setGoal(i, { ...goal, label: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <ColorInput
                aria-label={t('charts.settings.color')}
                value={goal.color}
                onChange={(color) => /^#[0-9a-f]{6}$/i.test(color) && setGoal(i, { ...goal, color })}
                w={120}
              />
              <ActionIconButton
                label={t('charts.settings.remove')}
                icon={<IconTrash size={16} />}
                onClick={() => update({ goals: spec.goals.filter((_, k) => k !== i) })}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => update({ goals: [...spec.goals, { value: 0, label: '', color: '#e03131' }] })}
          >
            {t('charts.settings.addGoal')}
          </Button>
        </>
      )}
    </Stack>
  )
}
