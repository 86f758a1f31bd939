import type { QuestionQuery } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { readsTable } from './dataset-usage'

const table = { schema: 'datasets', name: 'prodazhi' }
const native = (sql: string): QuestionQuery => ({ kind: 'native', sql, variables: [] })
const builder = (source: object, joins: object[] = []) =>
  ({ kind: 'builder', query: { source, joins } }) as unknown as QuestionQuery

describe('readsTable', () => {
  it('finds the table in SQL however it is written, and not in strings or other names', () => {
    expect(readsTable(native('SELECT * FROM datasets.prodazhi'), table, 'duckdb')).toBe(true)
    expect(readsTable(native('select sum(x) from "datasets"."prodazhi" p'), table, 'postgres')).toBe(true)
    expect(readsTable(native('SELECT * FROM PRODAZHI'), table, 'duckdb')).toBe(true)
    expect(
      readsTable(native("SELECT 'prodazhi' AS label FROM datasets.prodazhi_2025"), table, 'duckdb'),
    ).toBe(false)
  })

  it('finds the table as a builder source or join, in the same schema only', () => {
    expect(readsTable(builder({ kind: 'table', ...table }), table, 'duckdb')).toBe(true)
    expect(
      readsTable(builder({ kind: 'table', schema: 'datasets', name: 'plany' }, [{ table }]), table, 'duckdb'),
    ).toBe(true)
    expect(readsTable(builder({ kind: 'table', schema: 'main', name: 'prodazhi' }), table, 'duckdb')).toBe(
      false,
    )
    expect(readsTable(builder({ kind: 'question', id: 'q1' }), table, 'duckdb')).toBe(false)
  })
})
