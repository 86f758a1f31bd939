/** Pure text forms of warehouse values (no i18n import, so they can be unit-tested in node). */

/** Groups the integer part of an exact decimal string without going through a float (no rounding). */
export function formatDecimalText(text: string, locale: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return text
  const [, sign, whole, fraction] = match
  const parts = new Intl.NumberFormat(locale).formatToParts(1234.5)
  const group = parts.find((p) => p.type === 'group')?.value ?? ' '
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? ','
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, group)
  return `${sign}${grouped}${fraction ? decimal + fraction : ''}`
}

/** "2025-12-31" → "31.12.2025" (day first, as both the Russian and the British reports write it). */
export function formatDateText(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  return m ? `${m[3]}.${m[2]}.${m[1]}` : text
}

/** "2025-12-31T08:30:00" → "31.12.2025 08:30" (seconds only when there are any). */
export function formatTimestampText(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text)
  if (!m) return text
  const seconds = m[6] && m[6] !== '00' ? `:${m[6]}` : ''
  return `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}${seconds}`
}
