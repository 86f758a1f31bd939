import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import { AGGREGATION_KINDS, type Aggregation, type Breakout } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { type FieldOption, operandKey } from './builder-model'
import { UnitSelect } from './FilterEditor'

interface Props {
  aggregations: Aggregation[]
  breakouts: Breakout[]
  fields: FieldOption[]
  onChange(next: { aggregations: Aggregation[]; breakouts: Breakout[] }): void
}

const NUMERIC = new Set(['integer', 'decimal', 'float', 'other'])
const isDate = (f: FieldOption | undefined) => f?.type === 'date' || f?.type === 'timestamp'

/** Metrics (count, sum, ... percentiles) grouped by columns; date columns get a bucket (day … year). */
export function SummarizeEditor({ aggregations, breakouts, fields, onChange }: Props) {
  const { t } = useTranslation()
  const setAgg = (i: number, a: Aggregation) =>
    onChange({ breakouts, aggregations: aggregations.map((x, j) => (j === i ? a : x)) })
  const setBreakout = (i: number, b: Breakout) =>
    onChange({ aggregations, breakouts: breakouts.map((x, j) => (j === i ? b : x)) })
  const numericFields = fields.filter((f) => NUMERIC.has(f.type))

  return (
    <Stack gap="xs">
      {aggregations.map((a, i) => {
        const needsField = a.kind !== 'count'
        const choices =
          a.kind === 'count-distinct' || a.kind === 'min' || a.kind === 'max' ? fields : numericFields
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: metrics are positional (sort refers to them by index)
          <Group key={i} gap="xs" align="end" data-testid="aggregation-row">
            <Select
              aria-label={t('questions.builder.metric')}
              w={190}
              allowDeselect={false}
              data={AGGREGATION_KINDS.map((k) => ({ value: k, label: t(`questions.builder.aggs.${k}`) }))}
              value={a.kind}
              onChange={(kind) => {
                if (!kind) return
                const k = kind as Aggregation['kind']
                const field =
                  k === 'count' ? null : (a.field ?? numericFields[0]?.operand ?? fields[0]?.operand ?? null)
                setAgg(i, { ...a, kind: k, field, p: k === 'percentile' ? (a.p ?? 0.9) : null })
              }}
            />
            {needsField && (
              <Select
                aria-label={t('questions.builder.column')}
                w={200}
                searchable
                data={choices.map((f) => ({ value: f.value, label: f.label }))}
                value={a.field ? operandKey(a.field) : null}
                onChange={(v) => {
                  const f = fields.find((x) => x.value === v)
                  if (f) setAgg(i, { ...a, field: f.operand })
                }}
              />
            )}
            {a.kind === 'percentile' && (
              <NumberInput
                aria-label={t('questions.builder.percentile')}
                w={90}
                min={0}
                max={1}
                step={0.05}
                decimalScale={3}
                value={a.p ?? 0.9}
                onChange={(v) => setAgg(i, { ...a, p: Math.min(1, Math.max(0, Number(v) || 0)) })}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('questions.builder.remove')}
              onClick={() => onChange({ breakouts, aggregations: aggregations.filter((_, j) => j !== i) })}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        )
      })}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          data-testid="add-metric"
          onClick={() =>
            onChange({
              breakouts,
              aggregations: [...aggregations, { kind: 'count', field: null, p: null, name: null }],
            })
          }
        >
          {t('questions.builder.addMetric')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('questions.builder.groupBy')}
      </Text>
      {breakouts.map((b, i) => {
        const field = fields.find((f) => f.value === operandKey(b.field))
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: group-bys are positional (sort refers to them by index)
          <Group key={i} gap="xs" align="end" data-testid="breakout-row">
            <Select
              aria-label={t('questions.builder.column')}
              w={200}
              searchable
              data={fields.map((f) => ({ value: f.value, label: f.label }))}
              value={operandKey(b.field)}
              onChange={(v) => {
                const f = fields.find((x) => x.value === v)
                if (f) setBreakout(i, { ...b, field: f.operand, bucket: isDate(f) ? 'month' : null })
              }}
            />
            {isDate(field) && b.bucket && (
              <UnitSelect
                label={t('questions.builder.bucket')}
                value={b.bucket}
                onChange={(bucket) => setBreakout(i, { ...b, bucket })}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('questions.builder.remove')}
              onClick={() => onChange({ aggregations, breakouts: breakouts.filter((_, j) => j !== i) })}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        )
      })}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={fields.length === 0}
          data-testid="add-breakout"
          onClick={() => {
            const f = fields.find(isDate) ?? fields[0]
            if (f)
              onChange({
                aggregations,
                breakouts: [
                  ...breakouts,
                  { field: f.operand, bucket: isDate(f) ? 'month' : null, name: null },
                ],
              })
          }}
        >
          {t('questions.builder.addBreakout')}
        </Button>
      </Group>
    </Stack>
  )
}
