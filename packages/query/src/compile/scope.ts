import type { CatalogTable, FieldRef, Operand, TableRef } from '@vitrina/contracts'
import { QueryError } from '../errors'
import { type CompileContext, type Fragment, quote, type Relation, type Scope } from './context'

export function findTable(ctx: CompileContext, ref: TableRef): CatalogTable {
  const table = ctx.catalog.tables.find((t) => t.schema === ref.schema && t.name === ref.name)
  if (!table) {
    throw new QueryError('QUERY_UNKNOWN_TABLE', `Unknown table ${ref.schema}.${ref.name}`, {
      schema: ref.schema,
      table: ref.name,
    })
  }
  return table
}

export function tableRelation(alias: string, table: CatalogTable): Relation {
  return {
    alias,
    table: { schema: table.schema, name: table.name },
    columns: new Map(table.columns.map((c) => [c.name, c.type])),
  }
}

export function relationFor(scope: Scope, table: string | null): Relation {
  if (table === null) return scope.source
  const join = scope.joins.get(table)
  if (!join) throw new QueryError('QUERY_UNKNOWN_JOIN', `Unknown join alias "${table}"`, { alias: table })
  return join
}

export function columnOf(ctx: CompileContext, relation: Relation, column: string): Fragment {
  const type = relation.columns.get(column)
  if (type === undefined) {
    const owner = relation.table ? `${relation.table.schema}.${relation.table.name}` : 'the source question'
    throw new QueryError('QUERY_UNKNOWN_COLUMN', `Unknown column "${column}" in ${owner}`, {
      table: relation.table ? `${relation.table.schema}.${relation.table.name}` : null,
      alias: relation.alias,
      column,
    })
  }
  return { sql: `${quote(ctx, relation.alias)}.${quote(ctx, column)}`, type }
}

export function compileField(ctx: CompileContext, scope: Scope, field: FieldRef): Fragment {
  return columnOf(ctx, relationFor(scope, field.table), field.column)
}

export function compileOperand(ctx: CompileContext, scope: Scope, operand: Operand): Fragment {
  if (operand.kind === 'field') return compileField(ctx, scope, operand)
  const expression = scope.expressions.get(operand.name)
  if (!expression) {
    throw new QueryError('QUERY_UNKNOWN_EXPRESSION', `Unknown calculated column "${operand.name}"`, {
      name: operand.name,
    })
  }
  return expression
}

/** Output name of an operand when the user gave none. */
export function operandName(operand: Operand): string {
  if (operand.kind === 'expression') return operand.name
  return operand.table === null ? operand.column : `${operand.table}.${operand.column}`
}
