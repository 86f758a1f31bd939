import { Button, ColorInput, Group, MultiSelect, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { COMPARISON_OPERATORS, type ConditionalRule } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ActionIconButton } from './ActionIconButton'
import { columnOptions, type SpecSectionProps } from './spec-props'

/** Table settings: totals, hidden columns, conditional formatting rules. */
export function TableSection({ spec, columns, update }: SpecSectionProps) {
  const { t } = useTranslation()
  const table = spec.table
  const setRules = (rules: ConditionalRule[]) => update({ table: { ...table, rules } })
  const setRule = (i: number, rule: ConditionalRule) =>
    setRules(table.rules.map((r, k) => (k === i ? rule : r)))
  const first = columns[0]?.name ?? ''
  const firstNumeric = columnOptions(columns, 'numeric')[0]?.value ?? first
  return (
    <Stack gap="sm">
      <Switch
        label={t('charts.settings.totals')}
        checked={table.totals}
        onChange={(e) => update({ table: { ...table, totals: e.currentTarget.checked } })}
      />
      <MultiSelect
        label={t('charts.settings.hiddenColumns')}
        data={columnOptions(columns)}
        value={table.hidden}
        onChange={(hidden) => update({ table: { ...table, hidden } })}
      />
      <Text size="sm" fw={500}>
        {t('charts.settings.rules')}
      </Text>
      {table.rules.map((rule, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place by position
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <Select
            aria-label={t('charts.settings.ruleColumn')}
            data={columnOptions(columns)}
            value={rule.column}
            onChange={(column) => column && setRule(i, { ...rule, column })}
            w={140}
          />
          {rule.kind === 'value' ? (
            <>
              <Select
                aria-label={t('charts.settings.ruleOperator')}
                data={[...COMPARISON_OPERATORS]}
                value={rule.operator}
                onChange={(op) =>
                  op && setRule(i, { ...rule, operator: op as (typeof COMPARISON_OPERATORS)[number] })
                }
                w={70}
              />
              <TextInput
                aria-label={t('charts.settings.ruleValue')}
                value={String(rule.value)}
                onChange={(e) => {
                  const text = e.currentTarget.value
                  const n = Number(text.replace(',', '.'))
                  setRule(i, { ...rule, value: text.trim() !== '' && Number.isFinite(n) ? n : text })
                }}
                w={90}
              />
              <ColorInput
                aria-label={t('charts.settings.color')}
                value={rule.background}
                onChange={(background) =>
                  /^#[0-9a-f]{6}$/i.test(background) && setRule(i, { ...rule, background })
                }
                w={120}
              />
              <Switch
                label={t('charts.settings.ruleWholeRow')}
                checked={rule.wholeRow}
                onChange={(e) => setRule(i, { ...rule, wholeRow: e.currentTarget.checked })}
                mb={8}
              />
            </>
          ) : (
            <>
              <ColorInput
                aria-label={t('charts.settings.scaleFrom')}
                value={rule.from}
                onChange={(from) => /^#[0-9a-f]{6}$/i.test(from) && setRule(i, { ...rule, from })}
                w={120}
              />
              <ColorInput
                aria-label={t('charts.settings.scaleTo')}
                value={rule.to}
                onChange={(to) => /^#[0-9a-f]{6}$/i.test(to) && setRule(i, { ...rule, to })}
                w={120}
              />
            </>
          )}
          <ActionIconButton
            label={t('charts.settings.remove')}
            icon={<IconTrash size={16} />}
            onClick={() => setRules(table.rules.filter((_, k) => k !== i))}
          />
        </Group>
      ))}
      <Group gap="xs">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={!first}
          onClick={() =>
            setRules([
              ...table.rules,
              {
                kind: 'value',
                column: firstNumeric,
                operator: '>',
                value: 0,
                background: '#ffc9c9',
                wholeRow: false,
              },
            ])
          }
        >
          {t('charts.settings.addRule')}
        </Button>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={!first}
          onClick={() =>
            setRules([
              ...table.rules,
              { kind: 'scale', column: firstNumeric, from: '#ffffff', to: '#69db7c' },
            ])
          }
        >
          {t('charts.settings.addScale')}
        </Button>
      </Group>
    </Stack>
  )
}
