import type { Query } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { datasetsOfBuilder, type SavedSourceQuestion } from './source-questions'

const query = (source: Query['source'], joins: Query['joins'] = []): Query => ({
  source,
  joins,
  expressions: [],
  filter: null,
  aggregations: [],
  breakouts: [],
  fields: null,
  orderBy: [],
  limit: null,
})
const datasets = [
  { datasetId: 'sales', schema: 'datasets', table: 'sales', version: 3 },
  { datasetId: 'regions', schema: 'datasets', table: 'regions', version: 1 },
  { datasetId: 'other', schema: 'datasets', table: 'other', version: 9 },
]

describe('datasetsOfBuilder', () => {
  it('takes the table and joined tables', () => {
    const q = query({ kind: 'table', schema: 'datasets', name: 'sales' }, [
      {
        alias: 'r',
        kind: 'left',
        table: { schema: 'datasets', name: 'regions' },
        on: { left: { kind: 'field', table: null, column: 'region_id' }, right: 'id' },
      },
    ])
    expect(datasetsOfBuilder(q, datasets, 'duckdb').map((d) => d.datasetId)).toEqual(['sales', 'regions'])
  })

  it('follows saved questions down to their tables, and stops on a cycle or an unknown question', () => {
    const base = query({ kind: 'table', schema: 'datasets', name: 'sales' })
    const middle = query({ kind: 'question', id: 'base' })
    const saved: Record<string, SavedSourceQuestion> = {
      base: { kind: 'builder', query: base },
      middle: { kind: 'builder', query: middle },
      loop: { kind: 'builder', query: query({ kind: 'question', id: 'loop' }) },
    }
    const resolve = (id: string) => saved[id] ?? null
    expect(
      datasetsOfBuilder(query({ kind: 'question', id: 'middle' }), datasets, 'duckdb', resolve).map(
        (d) => d.datasetId,
      ),
    ).toEqual(['sales'])
    expect(datasetsOfBuilder(query({ kind: 'question', id: 'loop' }), datasets, 'duckdb', resolve)).toEqual(
      [],
    )
    expect(datasetsOfBuilder(query({ kind: 'question', id: 'middle' }), datasets, 'duckdb')).toEqual([])
  })

  it('a saved SQL question under it reads every dataset whose table it names', () => {
    const sql: SavedSourceQuestion = {
      kind: 'native',
      sql: 'SELECT * FROM datasets.sales s JOIN "regions" r ON r.id = s.region_id',
      variables: [],
    }
    const middle: SavedSourceQuestion = { kind: 'builder', query: query({ kind: 'question', id: 'sql' }) }
    const resolve = (id: string) => ({ sql, middle })[id] ?? null
    expect(
      datasetsOfBuilder(query({ kind: 'question', id: 'middle' }), datasets, 'postgres', resolve).map(
        (d) => d.datasetId,
      ),
    ).toEqual(['sales', 'regions'])
  })
})
