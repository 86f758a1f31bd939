import { assertUnreachable } from '../errors'

export type AccountTypeCode = 'current' | 'savings' | 'credit' | 'cash'

// Shaped like a Russian 20-digit account number: 5-digit balance account, 3-digit currency code
// (810 for the rouble, as banks still write it), a check digit, 4-digit branch, 7-digit serial.
// The serial is the account id, which makes numbers unique without a second sequence.
export function accountNumber(
  type: AccountTypeCode,
  currency: string,
  branchId: number,
  accountId: number,
): string {
  const prefix = balanceAccount(type)
  const code = CURRENCY_DIGITS[currency] ?? '999'
  const branch = String(branchId % 10_000).padStart(4, '0')
  const serial = String(accountId % 10_000_000).padStart(7, '0')
  const body = `${prefix}${code}0${branch}${serial}`
  return `${body.slice(0, 8)}${checkDigit(body)}${body.slice(9)}`
}

const CURRENCY_DIGITS: Record<string, string> = { RUB: '810', USD: '840', EUR: '978', CNY: '156' }

function balanceAccount(type: AccountTypeCode): string {
  switch (type) {
    case 'current':
      return '40817'
    case 'savings':
      return '42301'
    case 'credit':
      return '45508'
    case 'cash':
      return '20202'
    default:
      return assertUnreachable(type)
  }
}

// Weighted sum like the Bank of Russia key, over the number alone (the real one also uses the BIC).
function checkDigit(body: string): string {
  const weights = [7, 1, 3]
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += ((Number(body[i]) * weights[i % 3]!) % 10) * (i === 8 ? 0 : 1)
  return String(((sum % 10) * 3) % 10)
}
