import type {
  CatalogColumnType,
  Filter,
  Operand,
  Query,
  QuerySource,
  ResultColumn,
  SourceCatalog,
  SourceCatalogTable,
} from '@vitrina/contracts'

export interface FieldOption {
  /** JSON of the operand: a stable Select value. */
  value: string
  label: string
  operand: Operand
  type: CatalogColumnType
}

export function emptyQuery(source: QuerySource | null): Query {
  return {
    source: source ?? { kind: 'table', schema: '', name: '' },
    joins: [],
    expressions: [],
    filter: null,
    aggregations: [],
    breakouts: [],
    fields: null,
    orderBy: [],
    limit: null,
  }
}

export function findTable(catalog: SourceCatalog | null, ref: { schema: string; name: string }) {
  return catalog?.tables.find((t) => t.schema === ref.schema && t.name === ref.name) ?? null
}

export function sourceTable(catalog: SourceCatalog | null, query: Query): SourceCatalogTable | null {
  return query.source.kind === 'table' ? findTable(catalog, query.source) : null
}

export const operandKey = (operand: Operand) => JSON.stringify(operand)

/** Columns of the source, of every join (as `alias.column`), and calculated columns (typed `other`). */
export function fieldOptions(
  catalog: SourceCatalog | null,
  query: Query,
  /** The result columns of a saved question the query reads (`source.kind === 'question'`). */
  questionColumns: readonly ResultColumn[] | null = null,
): FieldOption[] {
  const out: FieldOption[] = []
  const sourceColumns =
    query.source.kind === 'question' ? (questionColumns ?? []) : (sourceTable(catalog, query)?.columns ?? [])
  for (const c of sourceColumns) {
    const operand: Operand = { kind: 'field', table: null, column: c.name }
    out.push({ value: operandKey(operand), label: c.name, operand, type: c.type })
  }
  for (const join of query.joins) {
    for (const c of findTable(catalog, join.table)?.columns ?? []) {
      const operand: Operand = { kind: 'field', table: join.alias, column: c.name }
      out.push({ value: operandKey(operand), label: `${join.alias}.${c.name}`, operand, type: c.type })
    }
  }
  for (const e of query.expressions) {
    const operand: Operand = { kind: 'expression', name: e.name }
    out.push({ value: operandKey(operand), label: `ƒ ${e.name}`, operand, type: 'other' })
  }
  return out
}

export type LeafFilter = Exclude<Filter, { kind: 'and' | 'or' | 'not' }>

export type OperatorKey =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'between'
  | 'in'
  | 'not-in'
  | 'contains'
  | 'not-contains'
  | 'starts-with'
  | 'ends-with'
  | 'is-null'
  | 'not-null'
  | 'is-empty'
  | 'not-empty'
  | 'relative-date'
  | 'period'

export function operatorsFor(type: CatalogColumnType): OperatorKey[] {
  switch (type) {
    case 'integer':
    case 'decimal':
    case 'float':
      return ['=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'not-in', 'is-null', 'not-null']
    case 'date':
    case 'timestamp':
      return ['relative-date', 'period', 'between', '<', '>', '=', 'is-null', 'not-null']
    case 'boolean':
      return ['=', 'is-null', 'not-null']
    default:
      return [
        '=',
        '!=',
        'contains',
        'not-contains',
        'starts-with',
        'ends-with',
        'in',
        'not-in',
        'is-empty',
        'not-empty',
      ]
  }
}

export function operatorOf(filter: LeafFilter): OperatorKey {
  return filter.kind === 'compare' ? filter.op : filter.kind
}

/** A fresh condition for an operator, keeping the field. */
export function newFilter(field: Operand, op: OperatorKey, type: CatalogColumnType): LeafFilter {
  const isNumber = type === 'integer' || type === 'decimal' || type === 'float'
  const empty = isNumber ? 0 : type === 'boolean' ? true : ''
  switch (op) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { kind: 'compare', op, field, value: empty }
    case 'between':
      return { kind: 'between', field, min: empty, max: empty }
    case 'in':
    case 'not-in':
      return { kind: op, field, values: [empty] }
    case 'contains':
    case 'not-contains':
    case 'starts-with':
    case 'ends-with':
      return { kind: op, field, value: '', caseSensitive: false }
    case 'is-null':
    case 'not-null':
    case 'is-empty':
    case 'not-empty':
      return { kind: op, field }
    case 'relative-date':
      return {
        kind: 'relative-date',
        field,
        direction: 'last',
        amount: 30,
        unit: 'day',
        includeCurrent: false,
      }
    case 'period':
      return { kind: 'period', field, which: 'this', unit: 'month' }
  }
}

/** The builder edits a flat AND of conditions; anything else loaded from a saved question is kept as-is. */
export function conditionsOf(filter: Filter | null): LeafFilter[] | null {
  if (filter === null) return []
  if (filter.kind === 'and') {
    const leaves = filter.filters.filter((f): f is LeafFilter => !['and', 'or', 'not'].includes(f.kind))
    return leaves.length === filter.filters.length ? leaves : null
  }
  return ['or', 'not'].includes(filter.kind) ? null : [filter as LeafFilter]
}

export function filterOf(conditions: LeafFilter[]): Filter | null {
  if (conditions.length === 0) return null
  return conditions.length === 1 ? (conditions[0] as LeafFilter) : { kind: 'and', filters: conditions }
}
