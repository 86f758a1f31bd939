import { BankError } from '../errors'

// Amounts travel as decimal strings ("1234.50") and are compared as bigint minor units, so no
// float ever touches money. numeric(20,2) allows 18 integer digits.
const AMOUNT_RE = /^(\d{1,18})(?:\.(\d{1,2}))?$/

/** Parses a positive amount like "10", "10.5" or "10.50" into minor units (kopecks). */
export function parseAmount(text: string): bigint {
  const match = AMOUNT_RE.exec(text.trim())
  if (!match) {
    throw new BankError(
      'BANK_INVALID_AMOUNT',
      400,
      `Amount "${text}" is not a decimal with at most 2 digits after the point`,
      {
        amount: text,
      },
    )
  }
  const minor = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))
  if (minor <= 0n) {
    throw new BankError('BANK_INVALID_AMOUNT', 400, 'Amount must be greater than zero', { amount: text })
  }
  return minor
}

/** Minor units from a PostgreSQL numeric(20,2) text value such as "-12.30". */
export function numericToMinor(text: string): bigint {
  const negative = text.startsWith('-')
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const minor = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2))
  return negative ? -minor : minor
}

/** Minor units back to the canonical "-12.30" text (what PostgreSQL returns for numeric(20,2)). */
export function minorToNumeric(minor: bigint): string {
  const negative = minor < 0n
  const abs = negative ? -minor : minor
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
  return negative ? `-${text}` : text
}
