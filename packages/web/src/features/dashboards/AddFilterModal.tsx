import {
  Button,
  Collapse,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { useQueries } from '@tanstack/react-query'
import {
  DASHBOARD_FILTER_TYPES,
  type DashboardFilter,
  type DashboardFilterField,
  type DashboardFilterValue,
  type SourceCatalog,
} from '@vitrina/contracts'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../data/api-client'
import { questionSourceKeys } from '../../data/questions/keys'
import { FilterInput } from './filters/FilterInput'
import {
  applyWiring,
  type CardWiring,
  choiceOf,
  fieldChoices,
  fieldKey,
  isRangeFilter,
  variableChoices,
  type WiringCard,
  wireFilter,
  wiringOf,
  wiringOptions,
} from './model/wiring'

/** Dates first: a period is the filter most dashboards want. */
const suggestedType = (columnType: string): DashboardFilter['type'] =>
  columnType === 'date' || columnType === 'timestamp'
    ? 'date-range'
    : ['integer', 'decimal', 'float'].includes(columnType)
      ? 'number-range'
      : 'text'

/**
 * A new or changed filter: its name, type, the column it is about, the SQL variables it fills, its default
 * and the filters that restrict its list. It wires itself to every card that reads that column's table or
 * has that variable; the count is shown before it is added, and "Wiring per card" sets any card by hand
 * (another table's column, another variable, or not at all).
 */
export function AddFilterModal(props: {
  opened: boolean
  /** The filter being changed; null adds a new one. */
  editing: DashboardFilter | null
  filters: DashboardFilter[]
  cards: WiringCard[]
  cardTitles: Map<string, string>
  onClose: () => void
  onSave: (filter: Omit<DashboardFilter, 'id'>) => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [type, setType] = useState<DashboardFilter['type']>('text')
  const [fieldId, setFieldId] = useState<string | null>(null)
  const [variable, setVariable] = useState<string | null>(null)
  const [variableTo, setVariableTo] = useState<string | null>(null)
  const [fallback, setFallback] = useState<DashboardFilterValue | null>(null)
  const [linked, setLinked] = useState<string[]>([])
  const [wiring, setWiring] = useState<Record<string, CardWiring>>({})
  const [showWiring, setShowWiring] = useState(false)
  // Read when the dialog opens, not a reason to reset it: the editor builds this list anew on every render.
  const cardsRef = useRef(props.cards)
  cardsRef.current = props.cards

  useEffect(() => {
    if (!props.opened) return
    const f = props.editing
    setName(f?.name ?? '')
    setType(f?.type ?? 'text')
    setFieldId(f?.field ? fieldKey(f.field) : null)
    const first = f?.targets.find((x) => x.variable !== null)
    setVariable(first?.variable ?? null)
    setVariableTo(first?.variableTo ?? null)
    setFallback(f?.default ?? null)
    setLinked(f?.linkedFilterIds ?? [])
    const spec = {
      type: f?.type ?? 'text',
      field: f?.field ?? null,
      variable: first?.variable ?? null,
      variableTo: first?.variableTo ?? null,
    }
    const cards = cardsRef.current
    const manual = f ? wiringOf(f.targets, wireFilter(spec, cards), cards) : {}
    setWiring(manual)
    setShowWiring(Object.keys(manual).length > 0)
  }, [props.opened, props.editing])

  const sourceIds = [...new Set(props.cards.map((c) => c.drill.sourceId))]
  const catalogs = useQueries({
    queries: sourceIds.map((id) => ({
      queryKey: questionSourceKeys.catalog(id),
      enabled: props.opened,
      staleTime: 60_000,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<SourceCatalog>('GET', `/api/sources/${encodeURIComponent(id)}/catalog`, undefined, signal),
    })),
  })
  const catalogMap = new Map(catalogs.flatMap((c) => (c.data ? [[c.data.sourceId, c.data] as const] : [])))
  const fields = fieldChoices(props.cards, catalogMap)
  const chosen = fields.find((f) => f.key === fieldId) ?? null
  const field: DashboardFilterField | null = chosen?.field ?? props.editing?.field ?? null
  const variables = variableChoices(props.cards)
  const range = isRangeFilter(type)
  const spec = { type, field, variable, variableTo: range ? variableTo : null }
  const automatic = wireFilter(spec, props.cards)
  const targets = applyWiring(automatic, props.cards, wiring)
  const linkable = props.filters.filter(
    (f) =>
      f.id !== props.editing?.id &&
      f.field !== null &&
      field !== null &&
      f.field.sourceId === field.sourceId &&
      f.field.schema === field.schema &&
      f.field.name === field.name,
  )
  const ready = name.trim() !== '' && targets.length > 0

  const submit = () => {
    if (!ready) return
    props.onSave({
      name: name.trim(),
      type,
      default: fallback,
      field,
      linkedFilterIds: type === 'text' ? linked.filter((id) => linkable.some((f) => f.id === id)) : [],
      targets,
    })
    props.onClose()
  }
  const draft: DashboardFilter = {
    id: '_draft',
    name: t('dashboards.filterDefault'),
    type,
    default: null,
    field: null,
    linkedFilterIds: [],
    targets: [],
  }

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.editing ? t('dashboards.editFilter') : t('dashboards.addFilter')}
      size="lg"
    >
      <Stack>
        <TextInput
          label={t('dashboards.filterName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        <Select
          label={t('dashboards.filterField')}
          description={t('dashboards.filterFieldHint')}
          data={fields.map((f) => ({ value: f.key, label: f.label }))}
          value={fieldId}
          onChange={(key) => {
            setFieldId(key)
            const picked = fields.find((f) => f.key === key)
            if (picked) {
              const next = suggestedType(picked.type)
              if (next !== type) {
                setType(next)
                setFallback(null)
              }
              if (!name.trim()) setName(picked.field.column)
            }
          }}
          searchable
          clearable
          nothingFoundMessage={t('dashboards.noFields')}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('dashboards.filterType')}
          data={DASHBOARD_FILTER_TYPES.map((v) => ({ value: v, label: t(`dashboards.filterTypes.${v}`) }))}
          value={type}
          onChange={(v) => {
            if (!v) return
            setType(v as DashboardFilter['type'])
            setFallback(null)
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        {variables.length > 0 && (
          <Group grow align="flex-start">
            <Select
              label={range ? t('dashboards.filterVariableFrom') : t('dashboards.filterVariable')}
              data={variables}
              value={variable}
              onChange={setVariable}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            {range && (
              <Select
                label={t('dashboards.filterVariableTo')}
                data={variables}
                value={variableTo}
                onChange={setVariableTo}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
            )}
          </Group>
        )}
        <Text size="xs" c={targets.length > 0 ? 'dimmed' : 'red'} data-testid="filter-wiring">
          {t('dashboards.filterWired', { count: targets.length })}
          {targets.length > 0 &&
            `: ${targets.map((x) => props.cardTitles.get(x.cardId) ?? x.cardId).join(', ')}`}
        </Text>
        {props.cards.length > 0 && (
          <div>
            <Button variant="subtle" size="compact-sm" onClick={() => setShowWiring((v) => !v)}>
              {t('dashboards.cardWiring')}
            </Button>
            <Collapse expanded={showWiring}>
              <Text size="xs" c="dimmed" mt={4}>
                {t('dashboards.cardWiringHint')}
              </Text>
              <Table verticalSpacing={4} data-testid="card-wiring">
                <Table.Tbody>
                  {props.cards.map((card) => {
                    const title = props.cardTitles.get(card.cardId) ?? card.cardId
                    const options = wiringOptions(card, catalogMap, spec)
                    const auto = automatic.find((x) => x.cardId === card.cardId)
                    const autoLabel = auto
                      ? (options.find((o) => o.value === choiceOf(auto))?.label ??
                        auto.field?.column ??
                        `{{${auto.variable}}}`)
                      : t('dashboards.cardWiringUnwired')
                    return (
                      <Table.Tr key={card.cardId}>
                        <Table.Td>{title}</Table.Td>
                        <Table.Td w={280}>
                          <Select
                            aria-label={`${t('dashboards.cardWiring')}: ${title}`}
                            size="xs"
                            allowDeselect={false}
                            data={[
                              { value: 'auto', label: t('dashboards.cardWiringAuto', { what: autoLabel }) },
                              { value: 'none', label: t('dashboards.cardWiringNone') },
                              ...options,
                            ]}
                            value={wiring[card.cardId] ?? 'auto'}
                            onChange={(v) => setWiring({ ...wiring, [card.cardId]: v ?? 'auto' })}
                            comboboxProps={{ withinPortal: true }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            </Collapse>
          </div>
        )}
        <FilterInput filter={draft} value={fallback} values={{}} disabled={false} onChange={setFallback} />
        {type === 'text' && linkable.length > 0 && (
          <MultiSelect
            label={t('dashboards.filterLinked')}
            description={t('dashboards.filterLinkedHint')}
            data={linkable.map((f) => ({ value: f.id, label: f.name }))}
            value={linked}
            onChange={setLinked}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dashboards.cancel')}
          </Button>
          <Button onClick={submit} disabled={!ready}>
            {props.editing ? t('dashboards.apply') : t('dashboards.add')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
