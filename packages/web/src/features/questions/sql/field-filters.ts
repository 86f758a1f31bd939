import type {
  CatalogColumnType,
  NativeVariable,
  ParameterValue,
  QuestionVariable,
  SourceCatalog,
  SqlDialect,
} from '@vitrina/contracts'

export class FieldFilterError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: 'no-field' | 'unknown-field',
  ) {
    super(`Field filter {{${variable}}}: ${reason}`)
  }
}

const quote = (name: string, dialect: SqlDialect) =>
  dialect === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`

function variableType(type: CatalogColumnType): NativeVariable['type'] {
  if (type === 'integer' || type === 'decimal' || type === 'float') return 'number'
  if (type === 'date' || type === 'timestamp') return 'date'
  return 'text'
}

/**
 * Metabase's field filter: `WHERE {{region}}` stands for a condition on the chosen column. With a value it
 * becomes `"schema"."table"."column" = {{region}}` (still a bound parameter, typed by the column); without
 * one it becomes `1 = 1`, so the filter is simply off.
 */
export function expandFieldFilters(
  sql: string,
  variables: readonly QuestionVariable[],
  values: Readonly<Record<string, ParameterValue>>,
  catalog: SourceCatalog | null,
  dialect: SqlDialect,
): { sql: string; variables: NativeVariable[] } {
  let out = sql
  const plain: NativeVariable[] = []
  for (const v of variables) {
    if (v.type !== 'field-filter') {
      plain.push({ name: v.name, type: v.type, default: v.default })
      continue
    }
    if (!v.field) throw new FieldFilterError(v.name, 'no-field')
    const { schema, name, column } = v.field
    const table = catalog?.tables.find((t) => t.schema === schema && t.name === name)
    const type = table?.columns.find((c) => c.name === column)?.type
    if (!type) throw new FieldFilterError(v.name, 'unknown-field')
    const given = values[v.name]
    const active = (given !== null && given !== undefined && given !== '') || v.default !== null
    const pattern = new RegExp(`\\{\\{\\s*${v.name}\\s*\\}\\}`, 'g')
    const target = [schema, name, column].map((part) => quote(part, dialect)).join('.')
    out = out.replace(pattern, active ? `${target} = {{${v.name}}}` : '1 = 1')
    if (active) plain.push({ name: v.name, type: variableType(type), default: v.default })
  }
  return { sql: out, variables: plain }
}
