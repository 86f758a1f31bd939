import { type CellValue, isExcelDate, serialToIsoTimestamp } from '@vitrina/ingest'

/** A raw cell as text for previews and quarantine: dates as ISO ("2025-12-31", with a time only if it has one). */
export function cellText(v: CellValue): string | null {
  if (v === null) return null
  if (isExcelDate(v)) return serialToIsoTimestamp(v.serial).replace(/ 00:00:00$/, '')
  return String(v)
}
