import { z } from 'zod'
import { DASHBOARD_ERROR_CODES } from './dashboard'
import { SHARE_ERROR_CODES } from './dashboard-shares'
import { DATASET_REFERENCE_ERROR_CODES } from './dataset-references'
import { DATASET_ERROR_CODES } from './datasets-api'
import { QUERY_ERROR_CODES } from './query'
import { QUESTION_ERROR_CODES } from './questions'
import { SAMPLE_ERROR_CODES } from './samples'
import { SOURCE_ERROR_CODES } from './sources'

/** Reading uploaded files (`@vitrina/ingest`). */
export const INGEST_ERROR_CODES = [
  'INGEST_FILE_TOO_LARGE',
  'INGEST_ZIP_BOMB',
  'INGEST_DTD_FORBIDDEN',
  'INGEST_ENCRYPTED',
  'INGEST_CORRUPT',
  'INGEST_TOO_MANY_COLUMNS',
  'INGEST_TOO_MANY_ROWS',
  'INGEST_TIMEOUT',
  'INGEST_OUT_OF_MEMORY',
  'INGEST_UNSUPPORTED_FORMAT',
  'INGEST_NO_HEADER',
  'INGEST_EMPTY_FILE',
  'INGEST_SHEET_NOT_FOUND',
] as const
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number]

/** Loading into and querying the warehouse (server `warehouse/`). */
export const WAREHOUSE_ERROR_CODES = [
  'WAREHOUSE_INVALID_DEFINITION',
  'WAREHOUSE_QUERY_FAILED',
  'WAREHOUSE_MULTIPLE_STATEMENTS',
  'WAREHOUSE_QUERY_TIMEOUT',
  'WAREHOUSE_QUERY_CANCELLED',
  'WAREHOUSE_WRITE_REFUSED',
  'WAREHOUSE_LOAD_BAD_VALUE',
  'WAREHOUSE_LOAD_CONSTRAINT',
  'WAREHOUSE_LOAD_DUPLICATE_KEY',
  'WAREHOUSE_LOAD_NULL_KEY',
  'WAREHOUSE_LOAD_CANCELLED',
  'WAREHOUSE_LOAD_FAILED',
] as const
export type WarehouseErrorCode = (typeof WAREHOUSE_ERROR_CODES)[number]

const CORE_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'RATE_LIMITED',
  'SETUP_ALREADY_DONE',
  'SETUP_REQUIRED',
  'CONFLICT',
  'EMAIL_TAKEN',
  'LAST_ADMIN',
  'INTERNAL',
] as const

/** Every stable error code. The web translates messages by code; never rename one that has shipped. */
export const ERROR_CODES = [
  ...CORE_ERROR_CODES,
  ...INGEST_ERROR_CODES,
  ...QUERY_ERROR_CODES,
  ...WAREHOUSE_ERROR_CODES,
  ...SOURCE_ERROR_CODES,
  ...QUESTION_ERROR_CODES,
  ...DATASET_ERROR_CODES,
  ...DATASET_REFERENCE_ERROR_CODES,
  ...DASHBOARD_ERROR_CODES,
  ...SHARE_ERROR_CODES,
  ...SAMPLE_ERROR_CODES,
] as const

export const errorCodeSchema = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().nullable(),
    requestId: z.string().nullable(),
  }),
})
export type ApiError = z.infer<typeof apiErrorSchema>
