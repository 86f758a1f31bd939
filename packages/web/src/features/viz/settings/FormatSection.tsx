import { Accordion, Group, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core'
import {
  type ColumnSettings,
  columnSettingsSchema,
  DATE_FORMAT_UNITS,
  type NumberFormat,
} from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { columnRole } from '../model/result'
import { numberOrNull, type SpecSectionProps } from './spec-props'

const CURRENCIES = ['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'BYN']

/** Per-column label, number format (₽ by default for currency) and date format. */
export function FormatSection({ spec, columns, update }: SpecSectionProps) {
  const { t } = useTranslation()
  const settingsOf = (name: string): ColumnSettings => spec.columns[name] ?? columnSettingsSchema.parse({})
  const set = (name: string, patch: Partial<ColumnSettings>) =>
    update({ columns: { ...spec.columns, [name]: { ...settingsOf(name), ...patch } } })
  const setNumber = (name: string, patch: Partial<NumberFormat>) =>
    set(name, { number: { ...settingsOf(name).number, ...patch } })

  return (
    <Accordion variant="separated" multiple defaultValue={spec.metrics.slice(0, 1)}>
      {columns.map((column) => {
        const settings = settingsOf(column.name)
        const role = columnRole(column.type)
        const number = settings.number
        return (
          <Accordion.Item key={column.name} value={column.name}>
            <Accordion.Control>{settings.label || column.name}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                <TextInput
                  label={t('charts.settings.columnLabel')}
                  placeholder={column.name}
                  value={settings.label ?? ''}
                  onChange={(e) => set(column.name, { label: e.currentTarget.value || null })}
                />
                {role === 'numeric' && (
                  <>
                    <Group grow>
                      <Select
                        label={t('charts.settings.numberStyle')}
                        data={[
                          { value: 'number', label: t('charts.settings.styleNumber') },
                          { value: 'currency', label: t('charts.settings.styleCurrency') },
                          { value: 'percent', label: t('charts.settings.stylePercent') },
                        ]}
                        value={number.style}
                        onChange={(style) =>
                          style && setNumber(column.name, { style: style as NumberFormat['style'] })
                        }
                        allowDeselect={false}
                      />
                      {number.style === 'currency' && (
                        <Select
                          label={t('charts.settings.currency')}
                          data={CURRENCIES}
                          value={number.currency}
                          onChange={(currency) => currency && setNumber(column.name, { currency })}
                          allowDeselect={false}
                        />
                      )}
                    </Group>
                    <NumberInput
                      label={t('charts.settings.decimals')}
                      placeholder={t('charts.settings.decimalsAuto')}
                      min={0}
                      max={10}
                      value={number.decimals ?? ''}
                      onChange={(v) => setNumber(column.name, { decimals: numberOrNull(v) })}
                    />
                    <Switch
                      label={t('charts.settings.compact')}
                      checked={number.compact}
                      onChange={(e) => setNumber(column.name, { compact: e.currentTarget.checked })}
                    />
                    <Group grow>
                      <TextInput
                        label={t('charts.settings.prefix')}
                        value={number.prefix}
                        onChange={(e) => setNumber(column.name, { prefix: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('charts.settings.suffix')}
                        value={number.suffix}
                        onChange={(e) => setNumber(column.name, { suffix: e.currentTarget.value })}
                      />
                    </Group>
                  </>
                )}
                {role === 'temporal' && (
                  <Select
                    label={t('charts.settings.dateUnit')}
                    data={DATE_FORMAT_UNITS.map((u) => ({
                      value: u,
                      label: t(`charts.settings.dateUnits.${u}`),
                    }))}
                    value={settings.date.unit}
                    onChange={(unit) =>
                      unit && set(column.name, { date: { unit: unit as (typeof DATE_FORMAT_UNITS)[number] } })
                    }
                    allowDeselect={false}
                  />
                )}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        )
      })}
    </Accordion>
  )
}
