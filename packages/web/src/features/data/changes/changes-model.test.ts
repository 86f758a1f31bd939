import type { AuditEvent, DatasetColumn } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { describeChange } from './changes-model'

const COLUMNS: DatasetColumn[] = [
  { displayName: 'Регион', identifier: 'region', type: 'text', required: true, enumValues: null },
  { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false, enumValues: null },
  { displayName: 'Дата', identifier: 'data', type: 'date', required: false, enumValues: null },
]

const event = (action: string, details: Record<string, unknown>): AuditEvent => ({
  id: '1',
  at: '2026-01-01T10:00:00.000Z',
  action,
  actorId: 'u',
  actorEmail: 'a@b.c',
  targetType: 'dataset',
  targetId: 'd',
  ip: null,
  details,
})

describe('describeChange', () => {
  it('a row edit is a diff of the changed columns only, in the dataset order', () => {
    const view = describeChange(
      event('dataset.row_updated', {
        before: { region: 'Москва', summa: '10', data: '2025-01-01' },
        after: { region: 'Москва', summa: '11.5', data: null },
      }),
      COLUMNS,
    )
    expect(view.diffs).toEqual([
      [
        { label: 'Сумма', before: '10', after: '11.5', column: COLUMNS[1] },
        { label: 'Дата', before: '2025-01-01', after: null, column: COLUMNS[2] },
      ],
    ])
  })

  it('a bulk delete has one diff per row, with every value on the before side', () => {
    const view = describeChange(
      event('dataset.row_deleted', {
        rows: [
          { rowId: '1', before: { region: 'Тула', old: 'x' } },
          { rowId: '2', before: {} },
        ],
      }),
      COLUMNS,
    )
    expect(view.summary).toEqual({ key: 'rowsDeleted', params: { count: 2 } })
    expect(view.diffs[0]).toEqual([
      { label: 'Регион', before: 'Тула', after: null, column: COLUMNS[0] },
      // A column the schema no longer has keeps its identifier as the label.
      { label: 'old', before: 'x', after: null, column: null },
    ])
  })

  it('permission changes list each subject whose level changed, by name', () => {
    const view = describeChange(
      event('dataset.permissions_changed', {
        before: [
          { subjectType: 'user', subjectId: 'u1', subjectName: 'Анна', level: 'view' },
          { subjectType: 'group', subjectId: 'g1', subjectName: 'Отдел', level: 'edit' },
        ],
        after: [
          { subjectType: 'user', subjectId: 'u1', subjectName: 'Анна', level: 'upload' },
          { subjectType: 'group', subjectId: 'g1', subjectName: 'Отдел', level: 'edit' },
          { subjectType: 'user', subjectId: 'u2', level: 'view' },
        ],
      }),
      COLUMNS,
    )
    expect(view.diffs[0]).toEqual([
      { label: 'Анна', before: 'view', after: 'upload', column: null },
      { label: 'u2', before: null, after: 'view', column: null },
    ])
  })

  it('batches are summaries with their counts', () => {
    expect(
      describeChange(
        event('dataset.batch_rolled_back', { fileName: 'a.xlsx', rowsDeleted: 3, rowsRestored: 2 }),
        COLUMNS,
      ).summary,
    ).toEqual({ key: 'rolledBack', params: { file: 'a.xlsx', deleted: 3, restored: 2 } })
    expect(
      describeChange(
        event('dataset.batch_loaded', { fileName: 'b.csv', mode: 'upsert', inserted: 1, updated: 4 }),
        COLUMNS,
      ).summary,
    ).toEqual({
      key: 'loaded',
      params: { file: 'b.csv', mode: 'upsert', inserted: 1, updated: 4, deleted: 0, errors: 0 },
    })
  })
})
