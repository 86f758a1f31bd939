import type { AuditEvent, CellValue, DatasetColumn } from '@vitrina/contracts'

/** One line of a before/after diff: a column (or a permission subject) and its two values as shown. */
export interface DiffLine {
  label: string
  before: CellValue
  after: CellValue
  /** The column's type for formatting, null when the values are labels (permission levels). */
  column: DatasetColumn | null
}

/** A translatable summary: an i18n key under `data.changes.summary` and its parameters. */
export interface ChangeSummary {
  key: string
  params: Record<string, string | number>
}

export interface ChangeView {
  summary: ChangeSummary | null
  /** Zero or more diffs (a bulk delete has one per row). */
  diffs: DiffLine[][]
}

type Values = Record<string, CellValue>
type Grant = { subjectType: string; subjectId: string; subjectName?: string; level: string }

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0)

/** Lines for every column that differs between `before` and `after` (all of them when one side is absent). */
function valueDiff(columns: DatasetColumn[], before: Values | null, after: Values | null): DiffLine[] {
  const known = new Map(columns.map((c) => [c.identifier, c]))
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  // Dataset order first, then columns the schema no longer has.
  names.sort((a, b) => order(columns, a) - order(columns, b) || a.localeCompare(b))
  const lines: DiffLine[] = []
  for (const name of names) {
    const b = before ? (before[name] ?? null) : null
    const a = after ? (after[name] ?? null) : null
    if (before && after && b === a) continue
    const column = known.get(name) ?? null
    lines.push({ label: column?.displayName ?? name, before: b, after: a, column })
  }
  return lines
}

function order(columns: DatasetColumn[], identifier: string): number {
  const i = columns.findIndex((c) => c.identifier === identifier)
  return i === -1 ? columns.length : i
}

function grantDiff(before: Grant[], after: Grant[]): DiffLine[] {
  const key = (g: Grant) => `${g.subjectType}:${g.subjectId}`
  const was = new Map(before.map((g) => [key(g), g]))
  const now = new Map(after.map((g) => [key(g), g]))
  const lines: DiffLine[] = []
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(k)
    const a = now.get(k)
    if (b?.level === a?.level) continue
    const g = (a ?? b) as Grant
    lines.push({
      label: g.subjectName ?? g.subjectId,
      before: b?.level ?? null,
      after: a?.level ?? null,
      column: null,
    })
  }
  return lines
}

/** What an audit event of a dataset changed, in a form the Changes tab shows: a summary and diffs. */
export function describeChange(event: AuditEvent, columns: DatasetColumn[]): ChangeView {
  const d = event.details
  switch (event.action) {
    case 'dataset.batch_loaded':
    case 'dataset.batch_rejected':
      return {
        summary: {
          key: event.action === 'dataset.batch_loaded' ? 'loaded' : 'rejected',
          params: {
            file: str(d.fileName),
            mode: str(d.mode),
            inserted: num(d.inserted),
            updated: num(d.updated),
            deleted: num(d.deleted),
            errors: num(d.errorCount),
          },
        },
        diffs: [],
      }
    case 'dataset.batch_rolled_back':
      return {
        summary: {
          key: 'rolledBack',
          params: { file: str(d.fileName), deleted: num(d.rowsDeleted), restored: num(d.rowsRestored) },
        },
        diffs: [],
      }
    case 'dataset.row_updated':
      return { summary: null, diffs: [valueDiff(columns, obj(d.before) as Values, obj(d.after) as Values)] }
    case 'dataset.row_added':
      return { summary: null, diffs: [valueDiff(columns, null, obj(d.after) as Values)] }
    case 'dataset.row_deleted': {
      const rows = Array.isArray(d.rows) ? d.rows : []
      return {
        summary: { key: 'rowsDeleted', params: { count: rows.length } },
        diffs: rows.map((r) => valueDiff(columns, obj(obj(r).before) as Values, null)),
      }
    }
    case 'dataset.permissions_changed':
      return {
        summary: null,
        diffs: [
          grantDiff(
            (Array.isArray(d.before) ? d.before : []) as Grant[],
            (Array.isArray(d.after) ? d.after : []) as Grant[],
          ),
        ],
      }
    case 'dataset.column_added': {
      const c = obj(d.column)
      return {
        summary: { key: 'columnAdded', params: { name: str(c.displayName), type: str(c.type) } },
        diffs: [],
      }
    }
    case 'dataset.updated': {
      const before = obj(d.before)
      const after = obj(d.after)
      const lines: DiffLine[] = []
      for (const k of ['name', 'description']) {
        if (k in after && after[k] !== before[k])
          lines.push({ label: k, before: str(before[k]), after: str(after[k]), column: null })
      }
      return { summary: lines.length === 0 ? { key: 'updated', params: {} } : null, diffs: [lines] }
    }
    case 'dataset.created':
      return {
        summary: {
          key: 'created',
          params: { name: str(d.name), columns: Array.isArray(d.columns) ? d.columns.length : 0 },
        },
        diffs: [],
      }
    case 'dataset.quarantine_dismissed':
      return { summary: { key: 'dismissed', params: { row: num(d.sourceRow) } }, diffs: [] }
    default:
      return { summary: null, diffs: [] }
  }
}
