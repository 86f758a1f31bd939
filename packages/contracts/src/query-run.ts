import { z } from 'zod'
import { nativeVariableSchema, querySchema, resultColumnSchema } from './query'

/**
 * Running questions against a source. API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | POST | /api/query/run | viewer (+ source permission) | `RunQueryBody` → `QueryRunResult` |
 * | POST | /api/query/compile | viewer (+ source permission) | `RunQueryBody` → `CompiledSql` ("View SQL") |
 * | POST | /api/query/runs/:runId/cancel | viewer (own runs; admins any) | → `{ cancelled }` |
 * | POST | /api/query/export | viewer (+ source permission) | `ExportQueryBody` → streamed .csv / .xlsx |
 *
 * A builder query needs the `query` permission on the source, native SQL the `sql` permission.
 */

/** Native SQL with `{{name}}` variables (`[[ ... ]]` optional sections); values are always bound. */
export const nativeRunQuerySchema = z.object({
  kind: z.literal('native'),
  sql: z.string().min(1).max(200_000),
  variables: z.array(nativeVariableSchema).max(100).default([]),
})

export const builderRunQuerySchema = z.object({ kind: z.literal('builder'), query: querySchema })

export const runnableQuerySchema = z.discriminatedUnion('kind', [nativeRunQuerySchema, builderRunQuerySchema])
export type RunnableQuery = z.input<typeof runnableQuerySchema>

const scalarParameterSchema = z.union([z.string().max(10_000), z.number(), z.boolean()])
export const parameterValueSchema = scalarParameterSchema.nullable()
export type ParameterValue = z.infer<typeof parameterValueSchema>

/** A range for a field filter: `from` and/or `to` (inclusive; null = open on that side). */
export const fieldFilterRangeSchema = z.object({
  from: z.union([z.string().max(100), z.number()]).nullable(),
  to: z.union([z.string().max(100), z.number()]).nullable(),
})
export type FieldFilterRange = z.infer<typeof fieldFilterRangeSchema>

/**
 * A value sent for a `{{variable}}`: a scalar for any variable; a field filter also takes a list (`IN`) or a
 * range. null, '' or an empty list mean "not given" (the default applies, a field filter becomes `1 = 1`).
 */
export const runParameterValueSchema = z
  .union([scalarParameterSchema, z.array(scalarParameterSchema).max(1000), fieldFilterRangeSchema])
  .nullable()
export type RunParameterValue = z.infer<typeof runParameterValueSchema>
export const runParametersSchema = z.record(z.string(), runParameterValueSchema).default({})

export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 characters: letters, digits, _ and -')

export const runQueryBodySchema = z.object({
  sourceId: z.string().min(1).max(100),
  query: runnableQuerySchema,
  /** Values of native `{{variables}}` by name. */
  parameters: runParametersSchema,
  /** Bypass the cache (the fresh result is stored again). */
  refresh: z.boolean().default(false),
  /** Chosen by the client (e.g. `crypto.randomUUID()`) so it can cancel while the run is in flight. */
  runId: runIdSchema.optional(),
})
export type RunQueryBody = z.input<typeof runQueryBodySchema>

export const cellValueSchema = z.union([z.string(), z.number(), z.boolean()]).nullable()
export type CellValue = z.infer<typeof cellValueSchema>

export const compiledSqlSchema = z.object({
  /** Exactly what the engine runs, with positional placeholders. */
  sql: z.string(),
  params: z.array(z.unknown()),
})
export type CompiledSql = z.infer<typeof compiledSqlSchema>

export const queryRunResultSchema = z.object({
  runId: z.string(),
  columns: z.array(resultColumnSchema),
  /**
   * Row-major cells. integer → number (string past 2^53), decimal → exact string, date → `YYYY-MM-DD`,
   * timestamp → `YYYY-MM-DD HH:MM:SS[.ffffff]`, float → number.
   */
  rows: z.array(z.array(cellValueSchema)),
  rowCount: z.number(),
  /** The source's row cap stopped the read. */
  truncated: z.boolean(),
  /** Execution time of the engine run (the original one when served from cache). */
  durationMs: z.number(),
  cached: z.boolean(),
  /** Seconds since the cached result was computed; null when not from cache. */
  cacheAgeSeconds: z.number().nullable(),
  compiled: compiledSqlSchema,
})
export type QueryRunResult = z.infer<typeof queryRunResultSchema>

export const runIdParamsSchema = z.object({ runId: runIdSchema })
export const cancelResultSchema = z.object({ cancelled: z.boolean() })

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export const exportFormatSchema = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof exportFormatSchema>

/** Exports bypass the row cap up to `EXPORT_ROW_CAP` and stream; they are not cached. */
export const EXPORT_ROW_CAP = 1_000_000

export const exportQueryBodySchema = runQueryBodySchema.omit({ refresh: true }).extend({
  format: exportFormatSchema,
  /** File name without extension (default `export`). */
  fileName: z
    .string()
    .trim()
    .max(200)
    .regex(/^[\p{L}\p{N} ._()-]*$/u, 'letters, digits, spaces and . _ ( ) - only')
    .optional(),
})
export type ExportQueryBody = z.input<typeof exportQueryBodySchema>
