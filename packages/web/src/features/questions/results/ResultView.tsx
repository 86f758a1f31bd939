import { Grid, Paper, Tabs } from '@mantine/core'
import { IconChartBar, IconTable } from '@tabler/icons-react'
import { type ChartSpec, parseChartSpec, type QueryRunResult } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { autoPickChart, Visualization, VisualizationSettings } from '../../viz'
import { ResultTable } from './ResultTable'

interface Props {
  result: QueryRunResult
  /** The question's saved chart settings; null until the user picks a chart. */
  visualization: Record<string, unknown> | null
  onVisualizationChange(spec: ChartSpec): void
}

/** The raw rows (virtualized, with column types) or the chart the question saves. */
export function ResultView({ result, visualization, onVisualizationChange }: Props) {
  const { t } = useTranslation()
  const [tab, setTab] = useState<string | null>(visualization ? 'chart' : 'table')
  const spec = visualization
    ? parseChartSpec(visualization)
    : autoPickChart(result.columns, result.rows.length)

  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="table" leftSection={<IconTable size={14} />} data-testid="result-tab-table">
          {t('questions.result.table')}
        </Tabs.Tab>
        <Tabs.Tab value="chart" leftSection={<IconChartBar size={14} />} data-testid="result-tab-chart">
          {t('questions.result.chart')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="table" pt="sm">
        <ResultTable columns={result.columns} rows={result.rows} />
      </Tabs.Panel>
      <Tabs.Panel value="chart" pt="sm">
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Paper withBorder p="sm" h={440} data-testid="question-chart">
              <Visualization result={result} spec={spec} height={410} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <VisualizationSettings columns={result.columns} spec={spec} onChange={onVisualizationChange} />
          </Grid.Col>
        </Grid>
      </Tabs.Panel>
    </Tabs>
  )
}
