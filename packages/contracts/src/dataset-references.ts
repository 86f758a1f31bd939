import { z } from 'zod'
import { sqlIdentifierSchema } from './dataset'

/**
 * A dataset column that refers to another dataset's key column (a declared foreign key): the builder offers
 * the join, and the warehouse catalog lists it among the table's foreign keys. API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | GET | /api/datasets/:id/references | view | → `DatasetReferences` |
 * | PUT | /api/datasets/:id/references | edit (+ view on each referenced dataset) | `DatasetReferences` → `DatasetReferences` |
 */

export const DATASET_REFERENCE_ERROR_CODES = ['DATASET_REFERENCE_INVALID'] as const

export const datasetReferenceSchema = z.object({
  /** A column of this dataset. */
  column: sqlIdentifierSchema,
  /** The other dataset and its key column (the dataset's single-column key). */
  references: z.object({ datasetId: z.string().min(1).max(100), column: sqlIdentifierSchema }),
})
export type DatasetReference = z.infer<typeof datasetReferenceSchema>

export const datasetReferencesSchema = z.object({ references: z.array(datasetReferenceSchema).max(100) })
export type DatasetReferences = z.infer<typeof datasetReferencesSchema>
