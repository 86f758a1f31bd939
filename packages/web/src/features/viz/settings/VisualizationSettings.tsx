import { Stack, Tabs } from '@mantine/core'
import type { ChartSpec } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { adaptSpecToType } from '../model/adapt-spec'
import type { VizColumn } from '../model/result'
import { AxesSection } from './AxesSection'
import { ChartTypePicker } from './ChartTypePicker'
import { DataSection } from './DataSection'
import { DisplaySection } from './DisplaySection'
import { FormatSection } from './FormatSection'

export interface VisualizationSettingsProps {
  /** The result's columns (names and types) the spec refers to. */
  columns: readonly VizColumn[]
  spec: ChartSpec
  /** Called with a complete new spec on every change (the parent owns the state). */
  onChange: (spec: ChartSpec) => void
}

/** The chart settings panel: type, data, display, axes and formats. Controlled: it holds no state of its own. */
export function VisualizationSettings({ columns, spec, onChange }: VisualizationSettingsProps) {
  const { t } = useTranslation()
  const section = { spec, columns, update: (patch: Partial<ChartSpec>) => onChange({ ...spec, ...patch }) }
  const hasAxes = ['bar', 'line', 'area', 'combo', 'scatter', 'waterfall'].includes(spec.type)
  return (
    <Stack gap="sm" data-testid="viz-settings">
      <ChartTypePicker
        value={spec.type}
        onChange={(type) => onChange(adaptSpecToType(spec, type, columns))}
      />
      <Tabs defaultValue="data" keepMounted={false}>
        <Tabs.List grow>
          <Tabs.Tab value="data">{t('charts.settings.tabs.data')}</Tabs.Tab>
          <Tabs.Tab value="display">{t('charts.settings.tabs.display')}</Tabs.Tab>
          {hasAxes && <Tabs.Tab value="axes">{t('charts.settings.tabs.axes')}</Tabs.Tab>}
          <Tabs.Tab value="formats">{t('charts.settings.tabs.formats')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="data" pt="sm">
          <DataSection {...section} />
        </Tabs.Panel>
        <Tabs.Panel value="display" pt="sm">
          <DisplaySection {...section} />
        </Tabs.Panel>
        {hasAxes && (
          <Tabs.Panel value="axes" pt="sm">
            <AxesSection {...section} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="formats" pt="sm">
          <FormatSection {...section} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
