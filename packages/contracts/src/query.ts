import { z } from 'zod'

/**
 * The no-code query AST (after Metabase's MBQL and Lightdash's metric query), the catalog it is checked
 * against, and the expression language of calculated columns. Compiled to SQL by `@vitrina/query`.
 */

export const SQL_DIALECTS = ['postgres', 'duckdb', 'mysql'] as const
export const sqlDialectSchema = z.enum(SQL_DIALECTS)
export type SqlDialect = z.infer<typeof sqlDialectSchema>

/** Stable error codes of the query layer (compiler, native-SQL variables and guard). */
export const QUERY_ERROR_CODES = [
  'QUERY_INVALID',
  'QUERY_UNKNOWN_TABLE',
  'QUERY_UNKNOWN_COLUMN',
  'QUERY_UNKNOWN_JOIN',
  'QUERY_UNKNOWN_EXPRESSION',
  'QUERY_UNKNOWN_QUESTION',
  'QUERY_QUESTION_CYCLE',
  'QUERY_JOIN_NOT_ON_FOREIGN_KEY',
  'QUERY_DUPLICATE_NAME',
  'QUERY_INVALID_ORDER',
  'QUERY_TYPE_MISMATCH',
  'QUERY_UNSUPPORTED_IN_DIALECT',
  'EXPRESSION_PARSE_ERROR',
  'SQL_EMPTY',
  'SQL_PARSE_ERROR',
  'SQL_MULTIPLE_STATEMENTS',
  'SQL_WRITE_REFUSED',
  'SQL_FORBIDDEN_FUNCTION',
  'SQL_VARIABLE_REQUIRED',
  'SQL_VARIABLE_INVALID',
  'SQL_VARIABLE_IN_STRING',
  'SQL_UNEXPECTED_PLACEHOLDER',
] as const
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number]

// ---------- catalog ----------

export const CATALOG_COLUMN_TYPES = [
  'text',
  'integer',
  'decimal',
  'float',
  'boolean',
  'date',
  'timestamp',
  'other',
] as const
export const catalogColumnTypeSchema = z.enum(CATALOG_COLUMN_TYPES)
export type CatalogColumnType = z.infer<typeof catalogColumnTypeSchema>

export const tableRefSchema = z.object({ schema: z.string().min(1), name: z.string().min(1) })
export type TableRef = z.infer<typeof tableRefSchema>

export const catalogColumnSchema = z.object({ name: z.string().min(1), type: catalogColumnTypeSchema })
export type CatalogColumn = z.infer<typeof catalogColumnSchema>

/** Single-column foreign key; `detected` ones come from catalog sync heuristics, not a constraint. */
export const catalogForeignKeySchema = z.object({
  column: z.string().min(1),
  references: z.object({ schema: z.string().min(1), name: z.string().min(1), column: z.string().min(1) }),
  detected: z.boolean(),
})
export type CatalogForeignKey = z.infer<typeof catalogForeignKeySchema>

export const catalogTableSchema = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  columns: z.array(catalogColumnSchema).min(1),
  foreignKeys: z.array(catalogForeignKeySchema),
})
export type CatalogTable = z.infer<typeof catalogTableSchema>

export const catalogSchema = z.object({ tables: z.array(catalogTableSchema) })
export type Catalog = z.infer<typeof catalogSchema>

// ---------- expressions (calculated columns) ----------

/** A column of the source (`table: null`) or of a join (`table`: the join alias). */
export const fieldRefSchema = z.object({
  kind: z.literal('field'),
  table: z.string().min(1).nullable(),
  column: z.string().min(1),
})
export type FieldRef = z.infer<typeof fieldRefSchema>

/** A calculated column of the same query, by name. */
export const expressionRefSchema = z.object({ kind: z.literal('expression'), name: z.string().min(1) })
export type ExpressionRef = z.infer<typeof expressionRefSchema>

export const operandSchema = z.discriminatedUnion('kind', [fieldRefSchema, expressionRefSchema])
export type Operand = z.infer<typeof operandSchema>

export const scalarSchema = z.union([
  z.string(),
  z.number().refine(Number.isFinite, 'must be finite'),
  z.boolean(),
])
export type Scalar = z.infer<typeof scalarSchema>

export const EXPRESSION_FUNCTIONS = [
  'concat',
  'coalesce',
  'if',
  'case',
  'year',
  'quarter',
  'month',
  'day',
  'weekday',
  'lower',
  'upper',
  'round',
  'abs',
] as const
export const expressionFunctionSchema = z.enum(EXPRESSION_FUNCTIONS)
export type ExpressionFunction = z.infer<typeof expressionFunctionSchema>

export type Expression =
  | { kind: 'field'; table: string | null; column: string }
  | { kind: 'literal'; value: Scalar | null }
  | { kind: 'arithmetic'; op: '+' | '-' | '*' | '/'; left: Expression; right: Expression }
  | { kind: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: Expression; right: Expression }
  | { kind: 'logical'; op: 'and' | 'or'; args: Expression[] }
  | { kind: 'not'; arg: Expression }
  | { kind: 'negate'; arg: Expression }
  | { kind: 'call'; fn: ExpressionFunction; args: Expression[] }

export const expressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    fieldRefSchema,
    z.object({ kind: z.literal('literal'), value: scalarSchema.nullable() }),
    z.object({
      kind: z.literal('arithmetic'),
      op: z.enum(['+', '-', '*', '/']),
      left: expressionSchema,
      right: expressionSchema,
    }),
    z.object({
      kind: z.literal('compare'),
      op: z.enum(['=', '!=', '<', '<=', '>', '>=']),
      left: expressionSchema,
      right: expressionSchema,
    }),
    z.object({
      kind: z.literal('logical'),
      op: z.enum(['and', 'or']),
      args: z.array(expressionSchema).min(1),
    }),
    z.object({ kind: z.literal('not'), arg: expressionSchema }),
    z.object({ kind: z.literal('negate'), arg: expressionSchema }),
    z.object({ kind: z.literal('call'), fn: expressionFunctionSchema, args: z.array(expressionSchema) }),
  ]),
)

export const calculatedColumnSchema = z.object({ name: z.string().min(1), expression: expressionSchema })
export type CalculatedColumn = z.infer<typeof calculatedColumnSchema>

// ---------- query ----------

export const querySourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('table'), schema: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal('question'), id: z.string().min(1) }),
])
export type QuerySource = z.infer<typeof querySourceSchema>

/** `on.left` is a field of the source or an earlier join; `on.right` a column of the joined table. */
export const joinSchema = z.object({
  alias: z.string().min(1),
  kind: z.enum(['left', 'inner']),
  table: tableRefSchema,
  on: z.object({ left: fieldRefSchema, right: z.string().min(1) }),
})
export type Join = z.infer<typeof joinSchema>

export const DATE_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const
export const dateUnitSchema = z.enum(DATE_UNITS)
export type DateUnit = z.infer<typeof dateUnitSchema>

export type Filter =
  | { kind: 'and' | 'or'; filters: Filter[] }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; field: Operand; value: Scalar }
  | { kind: 'between'; field: Operand; min: Scalar; max: Scalar }
  | { kind: 'in' | 'not-in'; field: Operand; values: Scalar[] }
  | {
      kind: 'contains' | 'not-contains' | 'starts-with' | 'ends-with'
      field: Operand
      value: string
      caseSensitive: boolean
    }
  | { kind: 'is-null' | 'not-null' | 'is-empty' | 'not-empty'; field: Operand }
  /** "last 30 days": the 30 whole days before today (today included only with `includeCurrent`). */
  | {
      kind: 'relative-date'
      field: Operand
      direction: 'last' | 'next'
      amount: number
      unit: DateUnit
      includeCurrent: boolean
    }
  /** "this month", "previous quarter", "next week". */
  | { kind: 'period'; field: Operand; which: 'this' | 'previous' | 'next'; unit: DateUnit }

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['and', 'or']), filters: z.array(filterSchema).min(1) }),
    z.object({ kind: z.literal('not'), filter: filterSchema }),
    z.object({
      kind: z.literal('compare'),
      op: z.enum(['=', '!=', '<', '<=', '>', '>=']),
      field: operandSchema,
      value: scalarSchema,
    }),
    z.object({ kind: z.literal('between'), field: operandSchema, min: scalarSchema, max: scalarSchema }),
    z.object({ kind: z.enum(['in', 'not-in']), field: operandSchema, values: z.array(scalarSchema).min(1) }),
    z.object({
      kind: z.enum(['contains', 'not-contains', 'starts-with', 'ends-with']),
      field: operandSchema,
      value: z.string(),
      caseSensitive: z.boolean(),
    }),
    z.object({ kind: z.enum(['is-null', 'not-null', 'is-empty', 'not-empty']), field: operandSchema }),
    z.object({
      kind: z.literal('relative-date'),
      field: operandSchema,
      direction: z.enum(['last', 'next']),
      amount: z.number().int().min(1).max(100_000),
      unit: dateUnitSchema,
      includeCurrent: z.boolean(),
    }),
    z.object({
      kind: z.literal('period'),
      field: operandSchema,
      which: z.enum(['this', 'previous', 'next']),
      unit: dateUnitSchema,
    }),
  ]),
)

export const AGGREGATION_KINDS = [
  'count',
  'count-distinct',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'percentile',
] as const
export const aggregationSchema = z.object({
  kind: z.enum(AGGREGATION_KINDS),
  /** null only for `count` (rows). */
  field: operandSchema.nullable(),
  /** Fraction in [0, 1] for `percentile`, null otherwise. */
  p: z.number().min(0).max(1).nullable(),
  /** Output column name; null = derived (`count`, `sum_amount`, ...). */
  name: z.string().min(1).nullable(),
})
export type Aggregation = z.infer<typeof aggregationSchema>

export const breakoutSchema = z.object({
  field: operandSchema,
  /** Date bucket; weeks start on Monday. */
  bucket: dateUnitSchema.nullable(),
  name: z.string().min(1).nullable(),
})
export type Breakout = z.infer<typeof breakoutSchema>

export const orderTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('breakout'), index: z.number().int().min(0) }),
  z.object({ kind: z.literal('aggregation'), index: z.number().int().min(0) }),
  fieldRefSchema,
  expressionRefSchema,
])
export type OrderTarget = z.infer<typeof orderTargetSchema>

export const orderBySchema = z.object({ target: orderTargetSchema, direction: z.enum(['asc', 'desc']) })
export type OrderBy = z.infer<typeof orderBySchema>

export const querySchema = z.object({
  source: querySourceSchema,
  joins: z.array(joinSchema),
  expressions: z.array(calculatedColumnSchema),
  filter: filterSchema.nullable(),
  aggregations: z.array(aggregationSchema),
  breakouts: z.array(breakoutSchema),
  /** Columns of a raw (not summarized) query; null = every source and join column plus calculated ones. */
  fields: z.array(operandSchema).nullable(),
  orderBy: z.array(orderBySchema),
  limit: z.number().int().min(0).nullable(),
})
export type Query = z.infer<typeof querySchema>

export const resultColumnSchema = z.object({ name: z.string(), type: catalogColumnTypeSchema })
export type ResultColumn = z.infer<typeof resultColumnSchema>

// ---------- native SQL ----------

export const NATIVE_VARIABLE_TYPES = ['text', 'number', 'date', 'field-filter'] as const

/** The column a field filter stands for; checked against the source's catalog and quoted by the server. */
export const fieldFilterTargetSchema = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  column: z.string().min(1),
})
export type FieldFilterTarget = z.infer<typeof fieldFilterTargetSchema>

/**
 * A `{{name}}` variable of native SQL; values are always sent as bind parameters. A field filter (Metabase's
 * meaning) stands for a whole condition on `field`: with a value `"schema"."table"."col" = $1` (a list →
 * `IN`, a `{ from, to }` range → `BETWEEN` / `>=` / `<=`), without one `1 = 1`.
 */
export const nativeVariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  type: z.enum(NATIVE_VARIABLE_TYPES),
  default: z.union([z.string(), z.number()]).nullable(),
  /** Only for `field-filter`. */
  field: fieldFilterTargetSchema.nullable().default(null),
})
export type NativeVariable = z.infer<typeof nativeVariableSchema>
export type NativeVariableInput = z.input<typeof nativeVariableSchema>
