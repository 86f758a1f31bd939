import type { BankDb } from '../db/bank-db'
import { hashPassword, insertCustomers, type NewAccount, type NewCustomer } from './customers'
import { ensureReferenceData } from './reference-data'

export const DEFAULT_SEED_PASSWORD = 'bank-demo-2026'

export interface SeedOptions {
  customers: number
  /** Every seeded customer gets this password (hashed once); logins are client1, client2, ... */
  password: string
  /** PRNG seed, so a seeded bank is reproducible. */
  seed: number
  batchSize: number
  onProgress: ((done: number, total: number) => void) | null
}

export interface SeedResult {
  customers: number
  accounts: number
  firstLogin: string | null
}

/** Adds `customers` realistic customers (logins continue after the existing ones). */
export async function seed(
  db: BankDb,
  options: Partial<SeedOptions> & { customers: number },
): Promise<SeedResult> {
  const opts: SeedOptions = {
    password: DEFAULT_SEED_PASSWORD,
    seed: 42,
    batchSize: 2000,
    onProgress: null,
    ...options,
  }
  const passwordHash = await hashPassword(opts.password)
  const branches = await db.transaction((client) => ensureReferenceData(client))
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customer_credentials')
  const start = rows[0]!.n
  const rng = mulberry32(opts.seed + start)
  let accounts = 0
  for (let done = 0; done < opts.customers; done += opts.batchSize) {
    const size = Math.min(opts.batchSize, opts.customers - done)
    const batch = Array.from({ length: size }, (_, i) =>
      randomCustomer(
        rng,
        start + done + i + 1,
        branches.map((b) => b.code),
      ),
    )
    const created = await db.transaction((client) => insertCustomers(client, batch, passwordHash))
    accounts += created.reduce((sum, c) => sum + c.accountIds.length, 0)
    opts.onProgress?.(done + size, opts.customers)
  }
  return { customers: opts.customers, accounts, firstLogin: opts.customers > 0 ? `client${start + 1}` : null }
}

const MALE_FIRST = [
  'Александр',
  'Дмитрий',
  'Максим',
  'Сергей',
  'Андрей',
  'Алексей',
  'Иван',
  'Михаил',
  'Никита',
  'Егор',
]
const FEMALE_FIRST = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Дарья',
  'Софья',
]
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
]
const PATRONYMIC_STEMS = [
  'Александров',
  'Дмитриев',
  'Сергеев',
  'Андреев',
  'Алексеев',
  'Иванов',
  'Михайлов',
  'Николаев',
]
const STREETS = [
  'ул. Ленина',
  'ул. Советская',
  'ул. Мира',
  'ул. Садовая',
  'пр. Победы',
  'ул. Гагарина',
  'ул. Лесная',
]
const CITY_OF_BRANCH: Record<string, string> = {
  MOW: 'Москва',
  SPE: 'Санкт-Петербург',
  EKB: 'Екатеринбург',
  NSK: 'Новосибирск',
  KZN: 'Казань',
}

function randomCustomer(rng: () => number, index: number, branchCodes: string[]): NewCustomer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
  const female = rng() < 0.5
  const firstName = pick(female ? FEMALE_FIRST : MALE_FIRST)
  const lastName = pick(LAST) + (female ? 'а' : '')
  const middleName = pick(PATRONYMIC_STEMS) + (female ? 'на' : 'ич')
  const branchCode = pick(branchCodes)
  const year = 1950 + Math.floor(rng() * 55)
  const birthDate = `${year}-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`
  const latin = `${translit(firstName)} ${translit(lastName)}`.toUpperCase()
  const expires = `${2027 + Math.floor(rng() * 4)}-${pad(1 + Math.floor(rng() * 12))}-01`
  const rub = (min: number, max: number) => BigInt(Math.round(min + rng() * (max - min))) * 100n
  const accounts: NewAccount[] = [
    {
      type: 'current',
      currency: 'RUB',
      creditLimit: 0n,
      openingBalance: rub(5_000, 300_000),
      card: { paymentSystem: rng() < 0.7 ? 'mir' : 'visa', last4: last4(rng), expiresOn: expires },
    },
  ]
  if (rng() < 0.4) {
    accounts.push({
      type: 'savings',
      currency: 'RUB',
      creditLimit: 0n,
      openingBalance: rub(10_000, 2_000_000),
      card: null,
    })
  }
  if (rng() < 0.15) {
    accounts.push({
      type: 'current',
      currency: 'USD',
      creditLimit: 0n,
      openingBalance: rub(100, 20_000),
      card: null,
    })
  }
  if (rng() < 0.2) {
    accounts.push({
      type: 'credit',
      currency: 'RUB',
      creditLimit: rub(50_000, 300_000),
      openingBalance: 0n,
      card: { paymentSystem: 'mastercard', last4: last4(rng), expiresOn: expires },
    })
  }
  return {
    lastName,
    firstName,
    middleName,
    birthDate,
    branchCode,
    login: `client${index}`,
    email: `${translit(firstName)}.${translit(lastName)}${index}@example.ru`.toLowerCase(),
    phone: `+79${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
    address: {
      postalCode: String(100_000 + Math.floor(rng() * 900_000)),
      city: CITY_OF_BRANCH[branchCode.slice(0, 3)] ?? 'Москва',
      street: pick(STREETS),
      house: String(1 + Math.floor(rng() * 120)),
      apartment: rng() < 0.8 ? String(1 + Math.floor(rng() * 300)) : null,
    },
    holderName: latin,
    accounts,
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function last4(rng: () => number): string {
  return String(Math.floor(rng() * 10_000)).padStart(4, '0')
}

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
}

/** Passport-style transliteration (ICAO), used for e-mails and card holder names. */
export function translit(text: string): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase()
      const latin = TRANSLIT[lower]
      if (latin === undefined) return ch
      return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1)
    })
    .join('')
}

/** Small deterministic PRNG (mulberry32): reproducible seeds without a dependency. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
