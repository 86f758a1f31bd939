import type { DatasetColumn, PreviewColumn } from '@vitrina/contracts'
import { IDENTIFIER_PATTERN } from './column-types'

/** A column as the user edits it before the dataset exists. */
export interface EditableColumn extends DatasetColumn {
  /** Part of the unique key. */
  key: boolean
  /** Which sheet column feeds it; null for a dataset created empty. */
  sourceIndex: number | null
  examples: string[]
}

export function fromPreview(columns: PreviewColumn[]): EditableColumn[] {
  return columns.map((c) => ({
    displayName: c.displayName,
    identifier: c.identifier,
    type: c.type,
    required: c.required,
    enumValues: c.enumValues,
    key: false,
    sourceIndex: c.sourceIndex,
    examples: c.examples,
  }))
}

export function blankColumn(position: number): EditableColumn {
  return {
    displayName: '',
    identifier: `column_${position}`,
    type: 'text',
    required: false,
    enumValues: null,
    key: false,
    sourceIndex: null,
    examples: [],
  }
}

export type ColumnProblem = 'identifierInvalid' | 'identifierDuplicate' | null

/** Per column: what is wrong with its SQL identifier, if anything (the server checks again). */
export function identifierProblems(columns: EditableColumn[]): ColumnProblem[] {
  const seen = new Map<string, number>()
  for (const c of columns) seen.set(c.identifier, (seen.get(c.identifier) ?? 0) + 1)
  return columns.map((c) => {
    if (c.identifier.length === 0 || c.identifier.length > 63 || !IDENTIFIER_PATTERN.test(c.identifier)) {
      return 'identifierInvalid'
    }
    return (seen.get(c.identifier) ?? 0) > 1 ? 'identifierDuplicate' : null
  })
}

export function canSubmitColumns(columns: EditableColumn[]): boolean {
  return (
    columns.length > 0 &&
    columns.every((c) => c.displayName.trim() !== '') &&
    identifierProblems(columns).every((p) => p === null)
  )
}

/** The dataset columns and key the API takes (key columns are required by definition). */
export function toSchema(columns: EditableColumn[]) {
  return {
    columns: columns.map((c) => ({
      displayName: c.displayName.trim(),
      identifier: c.identifier,
      type: c.type,
      required: c.required || c.key,
      enumValues: c.enumValues,
    })),
    keyColumns: columns.filter((c) => c.key).map((c) => c.identifier),
  }
}
