import type { DatasetColumn } from '@vitrina/contracts'

/** The sample sales report: one row per sale, in Russian, the same on every install (seeded generator). */

export const SAMPLE_DATASET_NAME = 'Примеры: продажи по регионам'
export const SAMPLE_ROWS = 3_000
/** The year the rows cover (every day of it). */
export const SAMPLE_YEAR = 2025

const column = (displayName: string, identifier: string, type: DatasetColumn['type']): DatasetColumn => ({
  displayName,
  identifier,
  type,
  required: true,
  enumValues: null,
})

export const SAMPLE_COLUMNS: DatasetColumn[] = [
  column('Дата', 'sold_on', 'date'),
  column('Регион', 'region', 'text'),
  column('Менеджер', 'manager', 'text'),
  column('Категория', 'category', 'text'),
  column('Товар', 'product', 'text'),
  column('Количество', 'quantity', 'integer'),
  column('Выручка, ₽', 'revenue', 'decimal'),
  column('План, ₽', 'plan', 'decimal'),
]

/** Region, its share of sales (bigger cities sell more) and its managers. */
const REGIONS: { name: string; weight: number; managers: string[] }[] = [
  { name: 'Москва', weight: 5, managers: ['Анна Смирнова', 'Игорь Кузнецов', 'Мария Попова'] },
  { name: 'Санкт-Петербург', weight: 4, managers: ['Дмитрий Волков', 'Елена Соколова'] },
  { name: 'Казань', weight: 2, managers: ['Рустам Галиев', 'Алсу Хабибуллина'] },
  { name: 'Новосибирск', weight: 2, managers: ['Сергей Морозов'] },
  { name: 'Екатеринбург', weight: 2, managers: ['Ольга Лебедева', 'Павел Новиков'] },
  { name: 'Нижний Новгород', weight: 1, managers: ['Татьяна Козлова'] },
]

const PRODUCTS: { category: string; name: string; price: number }[] = [
  { category: 'Ноутбуки', name: 'Ноутбук 14"', price: 74_990 },
  { category: 'Ноутбуки', name: 'Ноутбук 16" Pro', price: 129_990 },
  { category: 'Смартфоны', name: 'Смартфон А5', price: 24_990 },
  { category: 'Смартфоны', name: 'Смартфон X Pro', price: 89_990 },
  { category: 'Аксессуары', name: 'Наушники беспроводные', price: 7_490 },
  { category: 'Аксессуары', name: 'Зарядное устройство 65 Вт', price: 2_990 },
  { category: 'Мониторы', name: 'Монитор 27"', price: 32_990 },
  { category: 'Периферия', name: 'Клавиатура механическая', price: 8_990 },
]

/** mulberry32: a small seeded generator, so every install gets the same rows. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function pick<T>(items: T[], weightOf: (item: T) => number, r: number): T {
  const total = items.reduce((s, i) => s + weightOf(i), 0)
  let x = r * total
  for (const item of items) {
    x -= weightOf(item)
    if (x < 0) return item
  }
  return items[items.length - 1] as T
}

const DAY_MS = 86_400_000

/** The rows, in `SAMPLE_COLUMNS` order: dates spread over the year, sales higher towards December. */
export function sampleSalesRows(): (string | number)[][] {
  const random = seeded(20_250_101)
  const start = Date.UTC(SAMPLE_YEAR, 0, 1)
  const days = (Date.UTC(SAMPLE_YEAR + 1, 0, 1) - start) / DAY_MS
  const rows: (string | number)[][] = []
  for (let i = 0; i < SAMPLE_ROWS; i++) {
    const date = new Date(start + Math.floor((i * days) / SAMPLE_ROWS) * DAY_MS)
    const region = pick(REGIONS, (r) => r.weight, random())
    const manager = region.managers[Math.floor(random() * region.managers.length)] as string
    const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)] as (typeof PRODUCTS)[number]
    const season = 1 + (0.4 * date.getUTCMonth()) / 11
    const quantity = 1 + Math.floor(random() * 4 * season)
    const discount = 1 - Math.floor(random() * 15) / 100
    const revenue = Math.round(product.price * quantity * discount * 100) / 100
    // The plan is set per sale around what a typical one brings in (some months beat it, some do not).
    const plan = Math.round(product.price * quantity * (0.8 + random() * 0.25))
    rows.push([
      date.toISOString().slice(0, 10),
      region.name,
      manager,
      product.category,
      product.name,
      quantity,
      revenue.toFixed(2),
      plan.toFixed(2),
    ])
  }
  return rows
}

/** The rows as a CSV file (header = display names), as a user would upload them. */
export function sampleSalesCsv(): string {
  const quote = (v: string | number) =>
    typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v)
  const lines = [SAMPLE_COLUMNS.map((c) => quote(c.displayName)).join(',')]
  for (const row of sampleSalesRows()) lines.push(row.map(quote).join(','))
  return `${lines.join('\n')}\n`
}
