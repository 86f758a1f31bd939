/**
 * Exact decimal handling: values are kept as normalised decimal strings ("-1234.56") so nothing is lost
 * through binary floating point between the file and the warehouse's DECIMAL column.
 */

const SPACES_RE = /[\s\u00a0\u2007\u2009\u202f']/g
const CURRENCY_RE = /^(?:руб\.?|р\.|₽|\$|€|rub|usd|eur)\s*|\s*(?:руб\.?|р\.?|₽|\$|€|rub|usd|eur)$/i
const NEGATIVE_SIGNS_RE = /^[-\u2212\u2012\u2013]/

/** Normalises "-001234.5600" to "-1234.56"; input must match /^-?\d+(\.\d+)?$/. */
export function normaliseDecimal(s: string): string {
  let neg = false
  let body = s
  if (body.charCodeAt(0) === 45) {
    neg = true
    body = body.slice(1)
  }
  let [int = '', frac = ''] = body.split('.')
  int = int.replace(/^0+(?=\d)/, '')
  frac = frac.replace(/0+$/, '')
  const out = frac ? `${int}.${frac}` : int
  return neg && out !== '0' ? `-${out}` : out
}

/** Moves the decimal point of a normalised decimal `places` digits to the left (12.5% -> 0.125). */
export function shiftDecimalLeft(s: string, places: number): string {
  const neg = s.startsWith('-')
  const body = neg ? s.slice(1) : s
  const [int = '', frac = ''] = body.split('.')
  const digits = int + frac
  let point = int.length - places
  let padded = digits
  if (point <= 0) {
    padded = '0'.repeat(1 - point) + digits
    point = 1
  }
  return normaliseDecimal(`${neg ? '-' : ''}${padded.slice(0, point)}.${padded.slice(point)}`)
}

/** Shortest round-trip text of a double as a plain decimal (no exponent). */
export function numberToDecimal(n: number): string | null {
  if (!Number.isFinite(n)) return null
  const s = String(n)
  const e = s.indexOf('e')
  if (e < 0) return normaliseDecimal(s)
  const mant = s.slice(0, e)
  const exp = Number(s.slice(e + 1))
  const neg = mant.startsWith('-')
  const [int = '', frac = ''] = (neg ? mant.slice(1) : mant).split('.')
  const digits = int + frac
  const point = int.length + exp
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return normaliseDecimal(`${neg ? '-' : ''}${out}`)
}

/**
 * Reads a number written by a person: "1 234,56", "1,234.56", "(123)", "−123", "12,5%", "1 000 ₽", "$5".
 * A single comma is a decimal comma (Russian convention); several commas, or a comma before a dot, are
 * thousands separators. Returns a normalised decimal string or null.
 */
export function parseDecimalText(input: string): string | null {
  const plain = plainDecimal(input)
  if (plain !== undefined) return plain
  let s = input.trim()
  if (s === '') return null
  let neg = false
  if (s.startsWith('(') && s.endsWith(')')) {
    neg = true
    s = s.slice(1, -1).trim()
  }
  s = s.replace(CURRENCY_RE, '').trim()
  if (NEGATIVE_SIGNS_RE.test(s)) {
    neg = !neg
    s = s.slice(1)
  } else if (s.startsWith('+')) s = s.slice(1)
  s = s.replace(CURRENCY_RE, '').trim()
  let percent = false
  if (s.endsWith('%')) {
    percent = true
    s = s.slice(0, -1)
  }
  s = s.replace(SPACES_RE, '')
  const commas = countChar(s, ',')
  const dots = countChar(s, '.')
  if (commas > 0 && dots > 0) {
    const lastComma = s.lastIndexOf(',')
    const lastDot = s.lastIndexOf('.')
    if (lastDot > lastComma) {
      if (!/^\d{1,3}(,\d{3})*(\.\d+)?$/.test(s)) return null
      s = s.replace(/,/g, '')
    } else {
      if (!/^\d{1,3}(\.\d{3})*(,\d+)?$/.test(s)) return null
      s = s.replace(/\./g, '').replace(',', '.')
    }
  } else if (commas > 1) {
    if (!/^\d{1,3}(,\d{3})+$/.test(s)) return null
    s = s.replace(/,/g, '')
  } else if (commas === 1) {
    s = s.replace(',', '.')
  } else if (dots > 1) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(s)) return null
    s = s.replace(/\./g, '')
  }
  if (!/^\d+(\.\d+)?$/.test(s) && !/^\d*\.\d+$/.test(s)) return null
  if (s.startsWith('.')) s = `0${s}`
  let out = normaliseDecimal(s)
  if (percent) out = shiftDecimalLeft(out, 2)
  return neg && out !== '0' ? `-${out}` : out
}

/**
 * The common case in one pass without allocating: [-]digits[(.|,)digits], nothing else. Returns the
 * normalised decimal, or undefined for any other text (the general path decides). Same result as the
 * general path: a single comma or dot is the decimal point.
 */
function plainDecimal(s: string): string | undefined {
  const n = s.length
  let i = 0
  let neg = false
  if (n > 0 && s.charCodeAt(0) === 45) {
    neg = true
    i = 1
  }
  const intStart = i
  while (i < n && isDigit(s.charCodeAt(i))) i++
  const intEnd = i
  if (intEnd === intStart) return undefined
  let fracStart = i
  let fracEnd = i
  if (i < n) {
    const sep = s.charCodeAt(i)
    if (sep !== 44 && sep !== 46) return undefined
    fracStart = ++i
    while (i < n && isDigit(s.charCodeAt(i))) i++
    if (i < n || i === fracStart) return undefined
    fracEnd = i
    while (fracEnd > fracStart && s.charCodeAt(fracEnd - 1) === 48) fracEnd--
  }
  let intFrom = intStart
  while (intFrom < intEnd - 1 && s.charCodeAt(intFrom) === 48) intFrom++
  const zero = intEnd - intFrom === 1 && s.charCodeAt(intFrom) === 48 && fracEnd === fracStart
  if (zero) return '0'
  // Untouched text (no sign, zeros or comma to change) is returned as it is: no new string.
  if (!neg && intFrom === intStart && (fracEnd === n || fracStart === n) && s.charCodeAt(intEnd) !== 44)
    return fracEnd === fracStart ? s.slice(0, intEnd) : s
  const int = s.slice(intFrom, intEnd)
  const out = fracEnd > fracStart ? `${int}.${s.slice(fracStart, fracEnd)}` : int
  return neg ? `-${out}` : out
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function countChar(s: string, c: string): number {
  let n = 0
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++
  return n
}
