import {
  type DashboardCard,
  type DashboardFilterInput,
  dashboardCardSchema,
  dashboardFilterSchema,
} from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { assertFilterConfig } from './filter-config'

const card = (id: string, questionId: string): DashboardCard =>
  dashboardCardSchema.parse({
    id,
    kind: 'question',
    tabId: 'main',
    layout: { x: 0, y: 0, w: 4, h: 3 },
    questionId,
  })
const cards = [
  card('b', 'qb'),
  card('n', 'qn'),
  dashboardCardSchema.parse({
    id: 'h',
    kind: 'heading',
    tabId: 'main',
    layout: { x: 0, y: 0, w: 4, h: 1 },
    text: 'x',
  }),
]
const questions = new Map([
  ['qb', { kind: 'builder' as const, variables: [], tables: [{ alias: null, schema: 's', name: 't' }] }],
  [
    'qn',
    {
      kind: 'native' as const,
      tables: [],
      variables: [
        { name: 'from', type: 'date' as const, default: null, field: null },
        { name: 'to', type: 'date' as const, default: null, field: null },
      ],
    },
  ],
])
const field = { sourceId: 'warehouse', schema: 's', name: 't', column: 'region' }
const check = (...filters: DashboardFilterInput[]) =>
  assertFilterConfig(
    filters.map((f) => dashboardFilterSchema.parse(f)),
    cards,
    questions,
  )
const refused = (reason: RegExp, ...filters: DashboardFilterInput[]) =>
  expect(() => check(...filters)).toThrow(
    expect.objectContaining({ code: 'DASHBOARD_FILTER_INVALID', message: expect.stringMatching(reason) }),
  )

describe('dashboard filter configuration', () => {
  it('accepts wired fields, variables, ranges, defaults and links', () => {
    expect(() =>
      check(
        {
          id: 'p',
          name: 'Период',
          type: 'date-range',
          default: { preset: 'this-year' },
          targets: [{ cardId: 'n', variable: 'from', variableTo: 'to' }],
        },
        {
          id: 'r',
          name: 'Регион',
          type: 'text',
          field,
          default: ['Москва'],
          targets: [{ cardId: 'b', field: { table: null, column: 'region' } }],
        },
        {
          id: 'm',
          name: 'Менеджер',
          type: 'text',
          field: { ...field, column: 'manager' },
          linkedFilterIds: ['r'],
        },
      ),
    ).not.toThrow()
  })

  it('refuses what cannot work, naming the filter', () => {
    refused(/same id/, { id: 'a', name: 'A', type: 'text' }, { id: 'a', name: 'B', type: 'text' })
    refused(/default does not fit/, { id: 'a', name: 'A', type: 'number', default: 'много' })
    refused(/does not have/, { id: 'a', name: 'A', type: 'text', targets: [{ cardId: 'zz', variable: 'x' }] })
    refused(/shows no question/, {
      id: 'a',
      name: 'A',
      type: 'text',
      targets: [{ cardId: 'h', variable: 'x' }],
    })
    refused(/no variable \{\{region\}\}/, {
      id: 'a',
      name: 'A',
      type: 'text',
      targets: [{ cardId: 'n', variable: 'region' }],
    })
    refused(/wire it to a field/, {
      id: 'a',
      name: 'A',
      type: 'date',
      targets: [{ cardId: 'b', variable: 'from' }],
    })
    refused(/wire it to a variable/, {
      id: 'a',
      name: 'A',
      type: 'text',
      targets: [{ cardId: 'n', field: { table: null, column: 'x' } }],
    })
    refused(/no join "c"/, {
      id: 'a',
      name: 'A',
      type: 'text',
      targets: [{ cardId: 'b', field: { table: 'c', column: 'x' } }],
    })
    refused(/needs a variable for its end/, {
      id: 'a',
      name: 'A',
      type: 'date-range',
      targets: [{ cardId: 'n', variable: 'from' }],
    })
    refused(/only range filters/, {
      id: 'a',
      name: 'A',
      type: 'date',
      targets: [{ cardId: 'n', variable: 'from', variableTo: 'to' }],
    })
    refused(/does not have/, { id: 'a', name: 'A', type: 'text', field, linkedFilterIds: ['nope'] })
    refused(
      /same table/,
      { id: 'a', name: 'A', type: 'text', field, linkedFilterIds: ['b'] },
      { id: 'b', name: 'B', type: 'text', field: { ...field, name: 'other' } },
    )
  })
})
