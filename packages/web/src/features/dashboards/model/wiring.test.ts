import type { CatalogColumnType, SourceCatalog } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import type { CardDrill } from './view-data'
import {
  applyWiring,
  choiceOf,
  fieldChoices,
  variableChoices,
  type WiringCard,
  wireFilter,
  wiringOf,
  wiringOptions,
} from './wiring'

const drill = (over: Partial<CardDrill>): CardDrill => ({
  questionId: 'q',
  kind: 'builder',
  sourceId: 'warehouse',
  variables: [],
  tables: [],
  dimensions: [],
  ...over,
})
const cards: WiringCard[] = [
  { cardId: 'sales', drill: drill({ tables: [{ alias: null, schema: 'd', name: 'sales' }] }) },
  {
    cardId: 'joined',
    drill: drill({
      tables: [
        { alias: null, schema: 'd', name: 'orders' },
        { alias: 's', schema: 'd', name: 'sales' },
      ],
    }),
  },
  { cardId: 'other', drill: drill({ tables: [{ alias: null, schema: 'd', name: 'plans' }] }) },
  {
    cardId: 'sql',
    drill: drill({
      kind: 'native',
      variables: [
        { name: 'region', type: 'text', default: null, field: null },
        { name: 'date_from', type: 'date', default: null, field: null },
        { name: 'date_to', type: 'date', default: null, field: null },
      ],
    }),
  },
  {
    cardId: 'ff',
    drill: drill({
      kind: 'native',
      variables: [
        {
          name: 'where_region',
          type: 'field-filter',
          default: null,
          field: { schema: 'd', name: 'sales', column: 'region' },
        },
      ],
    }),
  },
]
/** The warehouse's catalog with one table of schema `d`. */
const catalogOf = (name: string, columns: [string, CatalogColumnType][]): SourceCatalog => ({
  sourceId: 'warehouse',
  dialect: 'duckdb',
  syncedAt: null,
  tables: [
    {
      schema: 'd',
      name,
      rowEstimate: null,
      foreignKeys: [],
      columns: columns.map(([column, type]) => ({ name: column, type, nativeType: type.toUpperCase() })),
    },
  ],
})
const regionField = { sourceId: 'warehouse', schema: 'd', name: 'sales', column: 'region' }
const t = (cardId: string, over: object) => ({
  cardId,
  variable: null,
  variableTo: null,
  field: null,
  ...over,
})

describe('wiring a filter automatically', () => {
  it('reaches every card reading the same table field, SQL variables of that name and field filters', () => {
    expect(wireFilter({ type: 'text', field: regionField, variable: null, variableTo: null }, cards)).toEqual(
      [
        t('sales', { field: { table: null, column: 'region' } }),
        t('joined', { field: { table: 's', column: 'region' } }),
        t('sql', { variable: 'region' }),
        t('ff', { variable: 'where_region' }),
      ],
    )
  })

  it('fills both variables of a range on SQL cards', () => {
    expect(
      wireFilter({ type: 'date-range', field: null, variable: 'date_from', variableTo: 'date_to' }, cards),
    ).toEqual([t('sql', { variable: 'date_from', variableTo: 'date_to' })])
    expect(
      wireFilter({ type: 'date-range', field: null, variable: 'date_from', variableTo: null }, cards),
    ).toEqual([])
  })

  it('offers the columns of the tables builder cards read, and the plain SQL variables', () => {
    const catalog = catalogOf('sales', [
      ['region', 'text'],
      ['sold_on', 'date'],
    ])
    expect(fieldChoices(cards, new Map([['warehouse', catalog]])).map((c) => c.label)).toEqual([
      'sales.region',
      'sales.sold_on',
    ])
    expect(variableChoices(cards)).toEqual(['date_from', 'date_to', 'region'])
  })
})

describe('wiring a filter by hand', () => {
  const catalog = catalogOf('plans', [
    ['month', 'date'],
    ['target', 'decimal'],
  ])
  const catalogs = new Map([['warehouse', catalog]])
  const spec = { type: 'text' as const, field: regionField, variable: null, variableTo: null }
  const automatic = wireFilter(spec, cards)

  it('offers a builder card the columns of its tables, a SQL card its variables', () => {
    const other = cards.find((c) => c.cardId === 'other')!
    expect(wiringOptions(other, catalogs, spec).map((o) => o.label)).toEqual(['plans.month', 'plans.target'])
    const sql = cards.find((c) => c.cardId === 'sql')!
    expect(wiringOptions(sql, catalogs, spec).map((o) => o.label)).toEqual([
      '{{region}}',
      '{{date_from}}',
      '{{date_to}}',
    ])
    // A range needs both ends: a plain variable alone is not offered, the chosen pair is.
    const range = { type: 'date-range' as const, variable: 'date_from', variableTo: 'date_to' }
    expect(wiringOptions(sql, catalogs, range).map((o) => o.label)).toEqual(['{{date_from}} – {{date_to}}'])
  })

  it('replaces or leaves out the cards set by hand and keeps the automatic wiring of the rest', () => {
    const month = choiceOf(t('other', { field: { table: null, column: 'month' } }))
    const targets = applyWiring(automatic, cards, { other: month, sql: 'none', sales: 'auto' })
    expect(targets).toEqual([
      t('sales', { field: { table: null, column: 'region' } }),
      t('joined', { field: { table: 's', column: 'region' } }),
      t('other', { field: { table: null, column: 'month' } }),
      t('ff', { variable: 'where_region' }),
    ])
    // Editing the filter again shows exactly those choices.
    expect(wiringOf(targets, automatic, cards)).toEqual({ other: month, sql: 'none' })
    expect(applyWiring(automatic, cards, wiringOf(targets, automatic, cards))).toEqual(targets)
  })
})
