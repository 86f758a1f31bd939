import { Group, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core'
import type { AxisSettings, ChartSpec } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { numberOrNull, type SpecSectionProps } from './spec-props'

type AxisKey = 'xAxis' | 'yAxis' | 'y2Axis'

export function AxesSection({ spec, update }: SpecSectionProps) {
  const axes: AxisKey[] = spec.type === 'combo' ? ['xAxis', 'yAxis', 'y2Axis'] : ['xAxis', 'yAxis']
  return (
    <Stack gap="md">
      {axes.map((key) => (
        <AxisFields
          key={key}
          name={key}
          axis={spec[key]}
          withRange={key !== 'xAxis' || spec.type === 'scatter'}
          onChange={(axis) => update({ [key]: axis } as Partial<ChartSpec>)}
        />
      ))}
    </Stack>
  )
}

function AxisFields({
  name,
  axis,
  withRange,
  onChange,
}: {
  name: AxisKey
  axis: AxisSettings
  withRange: boolean
  onChange: (axis: AxisSettings) => void
}) {
  const { t } = useTranslation()
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t(`charts.settings.${name}`)}
      </Text>
      <Switch
        label={t('charts.settings.showAxis')}
        checked={axis.show}
        onChange={(e) => onChange({ ...axis, show: e.currentTarget.checked })}
      />
      <TextInput
        label={t('charts.settings.axisTitle')}
        value={axis.title ?? ''}
        onChange={(e) => onChange({ ...axis, title: e.currentTarget.value || null })}
      />
      {withRange && (
        <Group grow>
          <NumberInput
            label={t('charts.settings.axisMin')}
            value={axis.min ?? ''}
            onChange={(v) => onChange({ ...axis, min: numberOrNull(v) })}
          />
          <NumberInput
            label={t('charts.settings.axisMax')}
            value={axis.max ?? ''}
            onChange={(v) => onChange({ ...axis, max: numberOrNull(v) })}
          />
        </Group>
      )}
    </Stack>
  )
}
