import { SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core'
import {
  IconChartArea,
  IconChartBar,
  IconChartBarPopular,
  IconChartDots,
  IconChartFunnel,
  IconChartLine,
  IconChartPie,
  IconGauge,
  IconNumber,
  IconProgress,
  IconStairs,
  IconTable,
  IconTableOptions,
  IconTrendingUp,
} from '@tabler/icons-react'
import { CHART_TYPES, type ChartType } from '@vitrina/contracts'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

const ICONS: Record<ChartType, ReactNode> = {
  table: <IconTable size={20} />,
  number: <IconNumber size={20} />,
  trend: <IconTrendingUp size={20} />,
  bar: <IconChartBar size={20} />,
  line: <IconChartLine size={20} />,
  area: <IconChartArea size={20} />,
  combo: <IconChartBarPopular size={20} />,
  pie: <IconChartPie size={20} />,
  scatter: <IconChartDots size={20} />,
  funnel: <IconChartFunnel size={20} />,
  pivot: <IconTableOptions size={20} />,
  gauge: <IconGauge size={20} />,
  progress: <IconProgress size={20} />,
  waterfall: <IconStairs size={20} />,
}

export function ChartTypePicker({
  value,
  onChange,
}: {
  value: ChartType
  onChange: (type: ChartType) => void
}) {
  const { t } = useTranslation()
  return (
    <SimpleGrid
      cols={{ base: 4, sm: 5 }}
      spacing={6}
      role="radiogroup"
      aria-label={t('charts.settings.type')}
    >
      {CHART_TYPES.map((type) => {
        const selected = type === value
        return (
          <UnstyledButton
            key={type}
            role="radio"
            aria-checked={selected}
            data-testid={`chart-type-${type}`}
            onClick={() => onChange(type)}
            p={6}
            style={{
              borderRadius: 'var(--mantine-radius-sm)',
              border: `1px solid ${selected ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
              background: selected ? 'var(--mantine-primary-color-light)' : undefined,
            }}
          >
            <Stack gap={2} align="center">
              {ICONS[type]}
              <Text size="xs" ta="center" lh={1.1} style={{ overflowWrap: 'anywhere' }}>
                {t(`charts.types.${type}`)}
              </Text>
            </Stack>
          </UnstyledButton>
        )
      })}
    </SimpleGrid>
  )
}
