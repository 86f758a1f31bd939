import { Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core'
import type { ParameterValue, QuestionVariable, SourceCatalog } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

interface Props {
  variables: QuestionVariable[]
  onVariablesChange(next: QuestionVariable[]): void
  values: Record<string, ParameterValue>
  onValuesChange(next: Record<string, ParameterValue>): void
  catalog: SourceCatalog | null
}

const INPUT_TYPE = { text: 'text', number: 'number', date: 'date', 'field-filter': 'text' } as const

/** One row per `{{name}}` in the SQL: its type, its default, and the value for this run. */
export function VariablesPanel({ variables, onVariablesChange, values, onValuesChange, catalog }: Props) {
  const { t } = useTranslation()
  if (variables.length === 0) return null
  const update = (name: string, patch: Partial<QuestionVariable>) =>
    onVariablesChange(variables.map((v) => (v.name === name ? { ...v, ...patch } : v)))
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
                onChange={(field) => update(v.name, { field: field ? JSON.parse(field) : null })}
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
            <TextInput
              label={t('questions.sql.value')}
              w={180}
              type={INPUT_TYPE[v.type]}
              data-testid={`variable-${v.name}`}
              value={values[v.name] === null || values[v.name] === undefined ? '' : String(values[v.name])}
              placeholder={v.default === null ? '' : String(v.default)}
              onChange={(e) => {
                const raw = e.currentTarget.value
                onValuesChange({
                  ...values,
                  [v.name]: raw === '' ? null : v.type === 'number' ? Number(raw) : raw,
                })
              }}
            />
          </Group>
        ))}
      </Stack>
    </Paper>
  )
}
