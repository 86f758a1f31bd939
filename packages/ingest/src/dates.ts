import { epochMsToSerial } from './cell'

const MONTHS: Record<string, number> = {
  янв: 1,
  фев: 2,
  мар: 3,
  апр: 4,
  мая: 5,
  май: 5,
  июн: 6,
  июл: 7,
  авг: 8,
  сен: 9,
  окт: 10,
  ноя: 11,
  дек: 12,
}

/** Two-digit years as Excel reads them: 00-29 -> 20xx, 30-99 -> 19xx. */
function fullYear(y: string): number {
  const n = Number(y)
  if (y.length === 4) return n
  return n < 30 ? 2000 + n : 1900 + n
}

export interface DateParts {
  year: number
  month: number
  day: number
  /** Milliseconds since midnight; null when the text had no time. */
  timeMs: number | null
}

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(?:Z|[+-]00:?00)?)?`
const DMY_RE = new RegExp(String.raw`^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:\s*г\.?)?${TIME}$`)
const YMD_RE = new RegExp(String.raw`^(\d{4})[-./](\d{1,2})[-./](\d{1,2})${TIME}$`)
const WORDS_RE = new RegExp(String.raw`^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*г\.?)?${TIME}$`, 'i')

/** Reads "31.12.2025", "31.12.25", "31/12/2025", "2025-12-31", "31 декабря 2025", each with an optional time. */
export function parseDateText(input: string): DateParts | null {
  const s = input.trim()
  const dmy = DMY_RE.exec(s)
  const ymd = dmy ? null : YMD_RE.exec(s)
  const words = dmy || ymd ? null : WORDS_RE.exec(s)
  let year: number
  let month: number
  let day: number
  let t: RegExpExecArray
  if (dmy) {
    year = fullYear(dmy[3]!)
    month = Number(dmy[2])
    day = Number(dmy[1])
    // 12/31/2025 cannot be day-first; read it month-first.
    if (month > 12 && day <= 12 && s.includes('/')) [month, day] = [day, month]
    t = dmy
  } else if (ymd) {
    year = Number(ymd[1])
    month = Number(ymd[2])
    day = Number(ymd[3])
    t = ymd
  } else if (words) {
    const mon = MONTHS[words[2]!.toLowerCase().slice(0, 3)]
    if (mon === undefined) return null
    year = Number(words[3])
    month = mon
    day = Number(words[1])
    t = words
  } else return null
  if (!validDate(year, month, day)) return null
  let timeMs: number | null = null
  if (t[4] !== undefined) {
    const h = Number(t[4])
    const mi = Number(t[5])
    const sec = t[6] === undefined ? 0 : Number(t[6])
    const frac = t[7] === undefined ? 0 : Math.round(Number(`0.${t[7]}`) * 1000)
    if (h > 23 || mi > 59 || sec > 59) return null
    timeMs = ((h * 60 + mi) * 60 + sec) * 1000 + frac
  }
  return { year, month, day, timeMs }
}

export function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

export function formatDate(p: DateParts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

export function formatTimestamp(p: DateParts): string {
  const ms = p.timeMs ?? 0
  const h = Math.floor(ms / 3_600_000)
  const mi = Math.floor((ms % 3_600_000) / 60_000)
  const sec = Math.floor((ms % 60_000) / 1000)
  const frac = ms % 1000
  return `${formatDate(p)} ${pad(h)}:${pad(mi)}:${pad(sec)}${frac ? `.${pad(frac, 3)}` : ''}`
}

/** Excel's calendar covers serials 1 (1900-01-01) to 2958465 (9999-12-31). */
export const MAX_SERIAL = 2_958_465.99999

export function isSerialInRange(n: number): boolean {
  return n >= 1 && n <= MAX_SERIAL
}

export function partsToSerial(p: DateParts): number {
  return epochMsToSerial(Date.UTC(p.year, p.month - 1, p.day) + (p.timeMs ?? 0))
}
