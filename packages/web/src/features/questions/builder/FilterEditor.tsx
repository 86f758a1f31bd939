import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import { type CatalogColumnType, DATE_UNITS, type Scalar } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import {
  type FieldOption,
  type LeafFilter,
  newFilter,
  type OperatorKey,
  operandKey,
  operatorOf,
  operatorsFor,
} from './builder-model'

interface Props {
  conditions: LeafFilter[]
  onChange(next: LeafFilter[]): void
  fields: FieldOption[]
}

/** Conditions joined by AND; each offers the operators of its column's type. */
export function FilterEditor({ conditions, onChange, fields }: Props) {
  const { t } = useTranslation()
  const first = fields[0]
  const set = (i: number, next: LeafFilter) => onChange(conditions.map((c, j) => (j === i ? next : c)))
  return (
    <Stack gap="xs">
      {conditions.map((condition, i) => {
        const field = fields.find((f) => f.value === operandKey(condition.field))
        const type = field?.type ?? 'text'
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their position
          <Group key={i} gap="xs" align="end" data-testid="filter-row" wrap="wrap">
            <Select
              aria-label={t('questions.builder.column')}
              w={200}
              searchable
              data={fields.map((f) => ({ value: f.value, label: f.label }))}
              value={operandKey(condition.field)}
              onChange={(value) => {
                const picked = fields.find((f) => f.value === value)
                if (picked)
                  set(i, newFilter(picked.operand, operatorsFor(picked.type)[0] ?? '=', picked.type))
              }}
            />
            <Select
              aria-label={t('questions.builder.operator')}
              w={170}
              allowDeselect={false}
              data={operatorsFor(type).map((op) => ({ value: op, label: t(`questions.builder.ops.${op}`) }))}
              value={operatorOf(condition)}
              onChange={(op) => op && set(i, newFilter(condition.field, op as OperatorKey, type))}
            />
            <ConditionValue condition={condition} type={type} onChange={(next) => set(i, next)} />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('questions.builder.remove')}
              onClick={() => onChange(conditions.filter((_, j) => j !== i))}
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
          disabled={!first}
          data-testid="add-filter"
          onClick={() =>
            first &&
            onChange([
              ...conditions,
              newFilter(first.operand, operatorsFor(first.type)[0] ?? '=', first.type),
            ])
          }
        >
          {t('questions.builder.addFilter')}
        </Button>
      </Group>
    </Stack>
  )
}

function ScalarInput({
  type,
  value,
  onChange,
  label,
}: {
  type: CatalogColumnType
  value: Scalar
  onChange(v: Scalar): void
  label: string
}) {
  const { t } = useTranslation()
  if (type === 'integer' || type === 'decimal' || type === 'float')
    return (
      <NumberInput
        aria-label={label}
        w={140}
        value={typeof value === 'number' ? value : Number(value) || 0}
        onChange={(v) => onChange(typeof v === 'number' ? v : Number(v) || 0)}
        decimalSeparator=","
      />
    )
  if (type === 'boolean')
    return (
      <Select
        aria-label={label}
        w={120}
        allowDeselect={false}
        data={[
          { value: 'true', label: t('questions.result.true') },
          { value: 'false', label: t('questions.result.false') },
        ]}
        value={String(value)}
        onChange={(v) => onChange(v === 'true')}
      />
    )
  return (
    <TextInput
      aria-label={label}
      w={170}
      type={type === 'date' || type === 'timestamp' ? 'date' : 'text'}
      value={String(value)}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  )
}

function ConditionValue({
  condition,
  type,
  onChange,
}: {
  condition: LeafFilter
  type: CatalogColumnType
  onChange(next: LeafFilter): void
}) {
  const { t } = useTranslation()
  const value = t('questions.builder.value')
  switch (condition.kind) {
    case 'compare':
      return (
        <ScalarInput
          type={type}
          label={value}
          value={condition.value}
          onChange={(v) => onChange({ ...condition, value: v })}
        />
      )
    case 'between':
      return (
        <>
          <ScalarInput
            type={type}
            label={t('questions.builder.from')}
            value={condition.min}
            onChange={(v) => onChange({ ...condition, min: v })}
          />
          <Text size="sm">—</Text>
          <ScalarInput
            type={type}
            label={t('questions.builder.to')}
            value={condition.max}
            onChange={(v) => onChange({ ...condition, max: v })}
          />
        </>
      )
    case 'in':
    case 'not-in':
      return (
        <TextInput
          aria-label={t('questions.builder.values')}
          w={260}
          placeholder={t('questions.builder.valuesHint')}
          defaultValue={condition.values.join('; ')}
          onBlur={(e) => {
            const parts = e.currentTarget.value
              .split(';')
              .map((p) => p.trim())
              .filter(Boolean)
            const numeric = type === 'integer' || type === 'decimal' || type === 'float'
            const values = parts
              .map((p) => (numeric ? Number(p.replace(',', '.')) : p))
              .filter((v) => typeof v !== 'number' || !Number.isNaN(v))
            if (values.length > 0) onChange({ ...condition, values })
          }}
        />
      )
    case 'contains':
    case 'not-contains':
    case 'starts-with':
    case 'ends-with':
      return (
        <>
          <TextInput
            aria-label={value}
            w={200}
            value={condition.value}
            onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })}
          />
          <Checkbox
            label={t('questions.builder.caseSensitive')}
            checked={condition.caseSensitive}
            onChange={(e) => onChange({ ...condition, caseSensitive: e.currentTarget.checked })}
          />
        </>
      )
    case 'relative-date':
      return (
        <>
          <Select
            aria-label={t('questions.builder.direction')}
            w={120}
            allowDeselect={false}
            data={[
              { value: 'last', label: t('questions.builder.last') },
              { value: 'next', label: t('questions.builder.next') },
            ]}
            value={condition.direction}
            onChange={(v) => v && onChange({ ...condition, direction: v as 'last' | 'next' })}
          />
          <NumberInput
            aria-label={t('questions.builder.amount')}
            w={90}
            min={1}
            value={condition.amount}
            onChange={(v) => onChange({ ...condition, amount: Math.max(1, Number(v) || 1) })}
          />
          <UnitSelect value={condition.unit} onChange={(unit) => onChange({ ...condition, unit })} plural />
          <Checkbox
            label={t('questions.builder.includeCurrent')}
            checked={condition.includeCurrent}
            onChange={(e) => onChange({ ...condition, includeCurrent: e.currentTarget.checked })}
          />
        </>
      )
    case 'period':
      return (
        <>
          <Select
            aria-label={t('questions.builder.which')}
            w={140}
            allowDeselect={false}
            data={(['this', 'previous', 'next'] as const).map((w) => ({
              value: w,
              label: t(`questions.builder.periods.${w}`),
            }))}
            value={condition.which}
            onChange={(v) => v && onChange({ ...condition, which: v as 'this' | 'previous' | 'next' })}
          />
          <UnitSelect value={condition.unit} onChange={(unit) => onChange({ ...condition, unit })} />
        </>
      )
    default:
      return null
  }
}

export function UnitSelect({
  value,
  onChange,
  plural = false,
  label,
}: {
  value: (typeof DATE_UNITS)[number]
  onChange(unit: (typeof DATE_UNITS)[number]): void
  plural?: boolean
  label?: string
}) {
  const { t } = useTranslation()
  return (
    <Select
      aria-label={label ?? t('questions.builder.unit')}
      w={130}
      allowDeselect={false}
      data={DATE_UNITS.map((u) => ({
        value: u,
        label: t(`questions.builder.${plural ? 'unitsPlural' : 'units'}.${u}`),
      }))}
      value={value}
      onChange={(v) => v && onChange(v as (typeof DATE_UNITS)[number])}
    />
  )
}
