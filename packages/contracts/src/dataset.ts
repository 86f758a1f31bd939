import { z } from 'zod'

/** Column types a dataset can hold; the same set in DuckDB and PostgreSQL warehouses. */
export const COLUMN_TYPES = ['text', 'integer', 'decimal', 'date', 'timestamp', 'boolean'] as const
export const columnTypeSchema = z.enum(COLUMN_TYPES)
export type ColumnType = z.infer<typeof columnTypeSchema>

/** An SQL identifier as Vitrina generates them: ASCII snake_case, starts with a letter or _, at most 63 bytes. */
export const sqlIdentifierSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case ASCII letters, digits and _, not starting with a digit')

export const datasetColumnSchema = z.object({
  /** The header as the user wrote it (any language). */
  displayName: z.string().min(1).max(500),
  identifier: sqlIdentifierSchema,
  type: columnTypeSchema,
  required: z.boolean(),
  /** Allowed values of an enumerated text column; null when free text. */
  enumValues: z.array(z.string()).nullable().default(null),
})
export type DatasetColumn = z.infer<typeof datasetColumnSchema>

export const datasetSchemaSchema = z.object({
  columns: z.array(datasetColumnSchema).min(1),
  /** Identifiers of the columns forming the unique key; empty when the dataset has none. */
  keyColumns: z.array(sqlIdentifierSchema).default([]),
})
export type DatasetSchema = z.infer<typeof datasetSchemaSchema>
