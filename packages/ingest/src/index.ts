export type { CellRange, CellValue, ExcelDate, RawRow } from './cell'
export { columnLetter, isExcelDate, serialToIsoDate, serialToIsoTimestamp } from './cell'
export type { CsvDialect, Delimiter, TextEncoding } from './csv'
export { detectEncoding, sniffDelimiter } from './csv'
export { detectFormat, type FileFormat } from './detect'
export { type ErrorReportInput, writeErrorReport } from './error-report'
export * from './errors'
export { toIdentifier } from './identifier'
export { type InferredColumn, inferSchema } from './infer'
export {
  dataRows,
  detectLayout,
  isTotalsRow,
  type Layout,
  type LayoutColumn,
  type LayoutNote,
} from './layout'
export { DEFAULT_LIMITS, type IngestLimits } from './limits'
export { normaliseDecimal, numberToDecimal, parseDecimalText } from './numbers'
export {
  CELL_ERROR_REASONS,
  type CellErrorReason,
  type ParseResult,
  parseCell,
  type TypedValue,
} from './parse-cell'
export { type Preview, type PreviewOptions, previewSheet, readTable, type TableReader } from './table'
export { type TemplateOptions, writeTemplate } from './template'
export {
  type CellError,
  type ColumnMapping,
  mapColumns,
  RowValidator,
  type TypedRow,
  type ValidationSchema,
  validateRows,
} from './validate'
export {
  openWorkbook,
  type ReadOptions,
  type ReadSheetOptions,
  readSheet,
  type SheetInfo,
  type SheetReader,
  type WorkbookInfo,
} from './workbook'
