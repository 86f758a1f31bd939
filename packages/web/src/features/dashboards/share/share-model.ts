import type {
  CreateShareBody,
  DashboardFilter,
  DashboardFilterValue,
  LockedFilters,
} from '@vitrina/contracts'

export const EXPIRY_CHOICES = ['never', '1', '7', '30', '90', 'date'] as const
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]

const DAY_MS = 86_400_000

/** The expiry as the API wants it: null, N days from now, or the end of the chosen day (local time). */
export function expiresAtOf(choice: ExpiryChoice, date: string, now = new Date()): string | null {
  if (choice === 'never') return null
  if (choice === 'date') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
    if (!match) return null
    return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59).toISOString()
  }
  return new Date(now.getTime() + Number(choice) * DAY_MS).toISOString()
}

export type LockState = Record<string, { locked: boolean; value: DashboardFilterValue | null }>

/** Every filter unlocked, holding the value it has on the page now (else its default). */
export function initialLocks(
  filters: DashboardFilter[],
  current: Record<string, DashboardFilterValue | null | undefined>,
): LockState {
  return Object.fromEntries(
    filters.map((f) => [f.id, { locked: false, value: current[f.id] ?? f.default ?? null }]),
  )
}

/** The locked filters that have a value; locking "no value" would lock nothing. */
export function lockedFiltersOf(locks: LockState): LockedFilters {
  const out: LockedFilters = {}
  for (const [id, lock] of Object.entries(locks))
    if (lock.locked && lock.value !== null && !isEmptyValue(lock.value)) out[id] = lock.value
  return out
}

export function isEmptyValue(value: DashboardFilterValue): boolean {
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object' && 'from' in value) return value.from === null && value.to === null
  return false
}

export function createShareBody(args: {
  label: string
  expiry: ExpiryChoice
  expiryDate: string
  locks: LockState
  now?: Date
}): CreateShareBody {
  return {
    label: args.label.trim(),
    expiresAt: expiresAtOf(args.expiry, args.expiryDate, args.now),
    lockedFilters: lockedFiltersOf(args.locks),
  }
}

/** A filter value in one line: lists joined, ranges as "from – to", presets by their translated name. */
export function formatFilterValue(
  value: DashboardFilterValue | null | undefined,
  presetName: (preset: string) => string,
): string | null {
  if (value === null || value === undefined || isEmptyValue(value)) return null
  if (Array.isArray(value)) return value.join(', ')
  if (typeof value === 'object') {
    if ('preset' in value) return presetName(value.preset)
    return `${value.from ?? '…'} – ${value.to ?? '…'}`
  }
  return String(value)
}
