import type { DatasetColumn } from '@vitrina/contracts'
import { type CellValue, isEmptyCell, type RawRow, serialToIsoDate } from './cell'
import { INGEST_NO_HEADER, IngestError } from './errors'
import type { Layout } from './layout'
import { type CellErrorReason, parseCell, type TypedValue } from './parse-cell'

export interface CellError {
  sheet: string
  /** 1-based row number as Excel shows it. */
  row: number
  /** Column letter ("C") and its header in the file. */
  column: string
  columnName: string
  /** The cell as text, as the user typed it (truncated to 200 characters). */
  value: string
  reason: CellErrorReason
  message: string
}

export interface TypedRow {
  /** Excel row number the values came from. */
  row: number
  /** One value per dataset column, in schema order. */
  values: TypedValue[]
}

export interface ValidationSchema {
  columns: DatasetColumn[]
  /** Identifiers of the unique key columns; empty for none. */
  keyColumns: string[]
}

/** Which sheet column feeds each dataset column (schema order); null when the file lacks it. */
export interface ColumnMapping {
  sources: ({ index: number; letter: string; header: string } | null)[]
  /** Headers in the file that match no dataset column. */
  unmatched: string[]
}

/** Matches file headers to dataset columns by display name, then identifier (case- and space-insensitive). */
export function mapColumns(layout: Layout, columns: DatasetColumn[]): ColumnMapping {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()
  const byHeader = new Map(layout.columns.map((c) => [norm(c.header), c]))
  const used = new Set<number>()
  const sources = columns.map((col) => {
    const hit = byHeader.get(norm(col.displayName)) ?? byHeader.get(norm(col.identifier)) ?? null
    if (hit) used.add(hit.index)
    return hit
  })
  const missing = columns.filter((c, i) => c.required && sources[i] === null)
  if (missing.length > 0) {
    throw new IngestError(
      INGEST_NO_HEADER,
      `The file lacks required column(s): ${missing.map((c) => `"${c.displayName}"`).join(', ')}`,
      { missing: missing.map((c) => c.displayName), found: layout.columns.map((c) => c.header) },
    )
  }
  return {
    sources,
    unmatched: layout.columns.filter((c) => !used.has(c.index) && c.header !== '').map((c) => c.header),
  }
}

const MESSAGES: Record<CellErrorReason, string> = {
  required: 'a value is required',
  not_a_number: 'is not a number',
  not_an_integer: 'is not a whole number',
  out_of_range: 'is out of range',
  not_a_date: 'is not a date (expected e.g. 31.12.2025 or 2025-12-31)',
  not_a_timestamp: 'is not a date and time (expected e.g. 31.12.2025 10:30)',
  not_a_boolean: 'is not a yes/no value (expected да/нет, true/false or 1/0)',
  not_in_list: 'is not one of the allowed values',
  too_long: 'is too long',
  duplicate_key: 'repeats a key already used in this file',
}

export function displayValue(v: CellValue): string {
  if (v === null) return ''
  if (typeof v === 'object') return serialToIsoDate(v.serial)
  const s = String(v)
  return s.length > 200 ? `${s.slice(0, 200)}…` : s
}

/**
 * Validates rows against a dataset schema, across batches: every cell is checked, and keys repeated
 * within the file are errors. Errors beyond `maxErrors` are counted, not kept.
 */
export class RowValidator {
  readonly errors: CellError[] = []
  errorCount = 0
  rowCount = 0
  private readonly seenKeys = new Map<string, number>()
  private readonly keyIdx: number[]
  private readonly enums: (Set<string> | null)[]

  constructor(
    private readonly schema: ValidationSchema,
    private readonly mapping: ColumnMapping,
    private readonly sheet: string,
    private readonly maxErrors = 10_000,
  ) {
    this.keyIdx = schema.keyColumns.map((k) => schema.columns.findIndex((c) => c.identifier === k))
    this.enums = schema.columns.map((c) =>
      c.enumValues ? new Set(c.enumValues.map((v) => v.toLowerCase())) : null,
    )
  }

  /** Typed rows of the batch that passed; invalid rows are left out and their errors recorded. */
  validate(rows: RawRow[]): TypedRow[] {
    const out: TypedRow[] = []
    const { columns } = this.schema
    for (const row of rows) {
      this.rowCount++
      const values: TypedValue[] = new Array(columns.length)
      let valid = true
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i]!
        const src = this.mapping.sources[i]
        const raw = src ? (row.cells[src.index] ?? null) : null
        if (isEmptyCell(raw)) {
          values[i] = null
          if (col.required) valid = this.fail(row.row, i, raw, 'required')
          continue
        }
        const r = parseCell(col.type, raw)
        if (!r.ok) {
          valid = this.fail(row.row, i, raw, r.reason)
          continue
        }
        if (r.value === null) {
          // A dash placeholder in a number or date column reads as empty.
          values[i] = null
          if (col.required) valid = this.fail(row.row, i, raw, 'required')
          continue
        }
        const en = this.enums[i]
        if (en && !en.has(String(r.value).toLowerCase())) {
          valid = this.fail(row.row, i, raw, 'not_in_list')
          continue
        }
        values[i] = r.value
      }
      if (valid && this.keyIdx.length > 0) {
        const key = JSON.stringify(this.keyIdx.map((k) => values[k] ?? null))
        const first = this.seenKeys.get(key)
        if (first !== undefined) {
          valid = this.fail(
            row.row,
            this.keyIdx[0]!,
            row.cells[this.mapping.sources[this.keyIdx[0]!]?.index ?? -1] ?? null,
            'duplicate_key',
            first,
          )
        } else this.seenKeys.set(key, row.row)
      }
      if (valid) out.push({ row: row.row, values })
    }
    return out
  }

  private fail(
    row: number,
    colIdx: number,
    raw: CellValue,
    reason: CellErrorReason,
    firstRow?: number,
  ): false {
    this.errorCount++
    if (this.errors.length >= this.maxErrors) return false
    const col = this.schema.columns[colIdx]!
    const src = this.mapping.sources[colIdx]
    const letter = src?.letter ?? '?'
    const value = displayValue(raw)
    const where = `Sheet "${this.sheet}", row ${row}, column ${letter} ("${col.displayName}")`
    const extra = firstRow !== undefined ? ` (first seen in row ${firstRow})` : ''
    this.errors.push({
      sheet: this.sheet,
      row,
      column: letter,
      columnName: src?.header ?? col.displayName,
      value,
      reason,
      message:
        reason === 'required'
          ? `${where}: ${MESSAGES[reason]}`
          : `${where}: "${value}" ${MESSAGES[reason]}${extra}`,
    })
    return false
  }
}

/** One-shot form of RowValidator for rows already in memory. */
export function validateRows(
  rows: RawRow[],
  schema: ValidationSchema,
  mapping: ColumnMapping,
  sheet: string,
): { rows: TypedRow[]; errors: CellError[]; errorCount: number } {
  const v = new RowValidator(schema, mapping, sheet)
  const typed = v.validate(rows)
  return { rows: typed, errors: v.errors, errorCount: v.errorCount }
}
