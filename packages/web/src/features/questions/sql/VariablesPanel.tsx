import { Group, Paper, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import type {
  CatalogColumnType,
  QuestionVariable,
  RunParameterValue,
  SourceCatalog,
} from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

interface Props {
  variables: QuestionVariable[]
  onVariablesChange(next: QuestionVariable[]): void
  values: Record<string, RunParameterValue>
  onValuesChange(next: Record<string, RunParameterValue>): void
  catalog: SourceCatalog | null
}

const INPUT_TYPE = { text: 'text', number: 'number', date: 'date', 'field-filter': 'text' } as const

/** The catalog type of a field filter's column: it decides which input fits (the server checks the value). */
function columnType(v: QuestionVariable, catalog: SourceCatalog | null): CatalogColumnType | null {
  const f = v.field
  if (!f) return null
  const table = catalog?.tables.find((t) => t.schema === f.schema && t.name === f.name)
  return table?.columns.find((c) => c.name === f.column)?.type ?? null
}

/** One row per `{{name}}` in the SQL: its type, its default, and the value for this run. */
export function VariablesPanel({ variables, onVariablesChange, values, onValuesChange, catalog }: Props) {
  const { t } = useTranslation()
  if (variables.length === 0) return null
  const update = (name: string, patch: Partial<QuestionVariable>) =>
    onVariablesChange(variables.map((v) => (v.name === name ? { ...v, ...patch } : v)))
  const setValue = (name: string, value: RunParameterValue) => onValuesChange({ ...values, [name]: value })
  const fields = (catalog?.tables ?? []).flatMap((table) =>
    table.columns.map((c) => ({
      value: JSON.stringify({ schema: table.schema, name: table.name, column: c.name }),
      label: `${table.name}.${c.name}`,
    })),
  )

  return (
    <Paper withBorder p="sm" data-testid="variables-panel">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('questions.sql.variables')}
        </Text>
        {variables.map((v) => (
          <Group key={v.name} gap="sm" align="end" wrap="wrap">
            <Text size="sm" ff="monospace" w={140} truncate>{`{{${v.name}}}`}</Text>
            <Select
              label={t('questions.sql.variableType')}
              w={150}
              value={v.type}
              allowDeselect={false}
              data={(['text', 'number', 'date', 'field-filter'] as const).map((type) => ({
                value: type,
                label: t(`questions.sql.variableTypes.${type}`),
              }))}
              onChange={(type) => type && update(v.name, { type: type as QuestionVariable['type'] })}
            />
            {v.type === 'field-filter' && (
              <Select
                label={t('questions.sql.field')}
                w={220}
                searchable
                data={fields}
                value={v.field ? JSON.stringify(v.field) : null}
                error={v.field ? undefined : t('questions.sql.fieldFilter.no-field', { name: v.name })}
                onChange={(field) => update(v.name, { field: field ? JSON.parse(field) : null })}
                data-testid={`variable-field-${v.name}`}
              />
            )}
            <TextInput
              label={t('questions.sql.default')}
              w={160}
              type={INPUT_TYPE[v.type]}
              value={v.default === null ? '' : String(v.default)}
              onChange={(e) => {
                const raw = e.currentTarget.value
                update(v.name, { default: raw === '' ? null : v.type === 'number' ? Number(raw) : raw })
              }}
            />
            {v.type === 'field-filter' ? (
              <FieldFilterValue
                name={v.name}
                type={columnType(v, catalog)}
                value={values[v.name] ?? null}
                onChange={(value) => setValue(v.name, value)}
              />
            ) : (
              <TextInput
                label={t('questions.sql.value')}
                w={180}
                type={INPUT_TYPE[v.type]}
                data-testid={`variable-${v.name}`}
                value={scalarText(values[v.name])}
                placeholder={v.default === null ? '' : String(v.default)}
                onChange={(e) => {
                  const raw = e.currentTarget.value
                  setValue(v.name, raw === '' ? null : v.type === 'number' ? Number(raw) : raw)
                }}
              />
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}

const scalarText = (value: RunParameterValue | undefined): string =>
  value === null || value === undefined || typeof value === 'object' ? '' : String(value)

/** A date column takes a range (either end may stay empty); any other column a list of values (IN). */
function FieldFilterValue({
  name,
  type,
  value,
  onChange,
}: {
  name: string
  type: CatalogColumnType | null
  value: RunParameterValue
  onChange(value: RunParameterValue): void
}) {
  const { t } = useTranslation()
  if (type === 'date' || type === 'timestamp') {
    const range =
      value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { from: null, to: null }
    const set = (side: 'from' | 'to', raw: string) => {
      const next = { ...range, [side]: raw === '' ? null : raw }
      onChange(next.from === null && next.to === null ? null : next)
    }
    return (
      <Group gap="xs" align="end">
        <TextInput
          label={t('questions.sql.rangeFrom')}
          w={150}
          type="date"
          value={range.from === null ? '' : String(range.from)}
          onChange={(e) => set('from', e.currentTarget.value)}
          data-testid={`variable-${name}-from`}
        />
        <TextInput
          label={t('questions.sql.rangeTo')}
          w={150}
          type="date"
          value={range.to === null ? '' : String(range.to)}
          onChange={(e) => set('to', e.currentTarget.value)}
          data-testid={`variable-${name}-to`}
        />
      </Group>
    )
  }
  const list = Array.isArray(value) ? value.map(String) : value === null ? [] : [scalarText(value)]
  return (
    <TagsInput
      label={t('questions.sql.values')}
      description={t('questions.sql.valuesHint')}
      w={260}
      value={list}
      onChange={(next) => onChange(next.length === 0 ? null : next)}
      data-testid={`variable-${name}`}
    />
  )
}
