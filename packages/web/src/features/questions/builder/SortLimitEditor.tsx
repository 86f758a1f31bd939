import { ActionIcon, Button, Group, NumberInput, Select, Stack } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import type { OrderBy, OrderTarget, Query } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import type { FieldOption } from './builder-model'

interface Props {
  query: Query
  fields: FieldOption[]
  onChange(next: { orderBy: OrderBy[]; limit: number | null }): void
}

/** Sort targets: group-bys and metrics of a summarized query, columns otherwise. */
export function SortLimitEditor({ query, fields, onChange }: Props) {
  const { t } = useTranslation()
  const summarized = query.aggregations.length > 0 || query.breakouts.length > 0
  const targets: { value: string; label: string; target: OrderTarget }[] = summarized
    ? [
        ...query.breakouts.map((b, index) => ({
          value: `b${index}`,
          label:
            fields.find((f) => JSON.stringify(f.operand) === JSON.stringify(b.field))?.label ??
            `#${index + 1}`,
          target: { kind: 'breakout' as const, index },
        })),
        ...query.aggregations.map((a, index) => ({
          value: `a${index}`,
          label: t(`questions.builder.aggs.${a.kind}`),
          target: { kind: 'aggregation' as const, index },
        })),
      ]
    : fields.map((f) => ({ value: f.value, label: f.label, target: f.operand }))
  const keyOf = (target: OrderTarget) =>
    target.kind === 'breakout'
      ? `b${target.index}`
      : target.kind === 'aggregation'
        ? `a${target.index}`
        : JSON.stringify(target)
  const setOrder = (orderBy: OrderBy[]) => onChange({ orderBy, limit: query.limit })

  return (
    <Stack gap="xs">
      {query.orderBy.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sort keys are positional
        <Group key={i} gap="xs">
          <Select
            aria-label={t('questions.builder.sortBy')}
            w={220}
            allowDeselect={false}
            data={targets.map(({ value, label }) => ({ value, label }))}
            value={keyOf(o.target)}
            onChange={(v) => {
              const picked = targets.find((x) => x.value === v)
              if (picked)
                setOrder(query.orderBy.map((x, j) => (j === i ? { ...x, target: picked.target } : x)))
            }}
          />
          <Select
            aria-label={t('questions.builder.direction')}
            w={150}
            allowDeselect={false}
            data={[
              { value: 'asc', label: t('questions.builder.asc') },
              { value: 'desc', label: t('questions.builder.desc') },
            ]}
            value={o.direction}
            onChange={(v) =>
              v &&
              setOrder(query.orderBy.map((x, j) => (j === i ? { ...x, direction: v as 'asc' | 'desc' } : x)))
            }
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('questions.builder.remove')}
            onClick={() => setOrder(query.orderBy.filter((_, j) => j !== i))}
          >
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group align="end">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={targets.length === 0}
          onClick={() => {
            const first = targets[0]
            if (first) setOrder([...query.orderBy, { target: first.target, direction: 'asc' }])
          }}
        >
          {t('questions.builder.addSort')}
        </Button>
        <NumberInput
          label={t('questions.builder.limit')}
          w={140}
          min={0}
          placeholder={t('questions.builder.noLimit')}
          value={query.limit ?? ''}
          onChange={(v) =>
            onChange({ orderBy: query.orderBy, limit: v === '' ? null : Math.max(0, Number(v) || 0) })
          }
        />
      </Group>
    </Stack>
  )
}
