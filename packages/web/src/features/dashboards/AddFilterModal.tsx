import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { DASHBOARD_FILTER_TYPES, type DashboardFilter } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { targetsFor } from './model/filters'

/** A new filter: its name, type, default, and the variable it sets on every card whose question has it. */
export function AddFilterModal(props: {
  opened: boolean
  onClose: () => void
  cardVariables: { cardId: string; variables: string[] }[]
  onAdd: (filter: Omit<DashboardFilter, 'id'>) => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [type, setType] = useState<DashboardFilter['type']>('text')
  const [variable, setVariable] = useState<string | null>(null)
  const [fallback, setFallback] = useState('')
  const variables = [...new Set(props.cardVariables.flatMap((c) => c.variables))].sort()
  const targets = variable ? targetsFor(variable, props.cardVariables) : []
  const submit = () => {
    if (!name.trim() || !variable) return
    const n = Number(fallback.replace(',', '.'))
    const value =
      fallback.trim() === '' ? null : type === 'number' && Number.isFinite(n) ? n : fallback.trim()
    props.onAdd({ name: name.trim(), type, default: value, targets })
    setName('')
    setVariable(null)
    setFallback('')
    props.onClose()
  }
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('dashboards.addFilter')}>
      <Stack>
        <TextInput
          label={t('dashboards.filterName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label={t('dashboards.filterType')}
          data={DASHBOARD_FILTER_TYPES.map((v) => ({ value: v, label: t(`dashboards.filterTypes.${v}`) }))}
          value={type}
          onChange={(v) => v && setType(v as DashboardFilter['type'])}
          allowDeselect={false}
        />
        <Select
          label={t('dashboards.filterVariable')}
          data={variables}
          value={variable}
          onChange={setVariable}
          nothingFoundMessage={t('dashboards.noVariables')}
        />
        {variable && (
          <Text size="xs" c="dimmed">
            {t('dashboards.filterWired', { count: targets.length })}
          </Text>
        )}
        <TextInput
          label={t('dashboards.filterDefault')}
          type={type === 'date' ? 'date' : 'text'}
          value={fallback}
          onChange={(e) => setFallback(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dashboards.cancel')}
          </Button>
          <Button onClick={submit} disabled={!name.trim() || !variable}>
            {t('dashboards.add')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
