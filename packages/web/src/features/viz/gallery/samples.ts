import { type ChartSpec, type ChartSpecInput, chartSpecSchema } from '@vitrina/contracts'
import type { VizResult } from '../model/result'

const REGIONS = ['Москва', 'Санкт-Петербург', 'Казань']
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`)

/** Sales per month and region, with a seasonal wave, so every chart has something to show. */
export const monthlySales: VizResult = {
  columns: [
    { name: 'Месяц', type: 'date' },
    { name: 'Регион', type: 'text' },
    { name: 'Выручка', type: 'decimal' },
    { name: 'Заказы', type: 'integer' },
  ],
  rows: MONTHS.flatMap((month, m) =>
    REGIONS.map((region, r) => {
      const revenue = Math.round((1_200_000 - r * 300_000) * (1 + 0.25 * Math.sin((m / 12) * 2 * Math.PI)))
      return [month, region, String(revenue), Math.round(revenue / 4_500)]
    }),
  ),
}

export const salesByRegion: VizResult = {
  columns: [
    { name: 'Регион', type: 'text' },
    { name: 'Выручка', type: 'decimal' },
    { name: 'Заказы', type: 'integer' },
    { name: 'Маржа', type: 'float' },
  ],
  rows: [
    ['Москва', '15400000.50', 3420, 0.31],
    ['Санкт-Петербург', '9800000', 2210, 0.27],
    ['Казань', '5200000', 1180, 0.22],
    ['Новосибирск', '4100000', 950, 0.18],
    ['Екатеринбург', '3900000', 870, 0.24],
    ['Самара', '2100000', 520, 0.12],
  ],
}

export const funnelStages: VizResult = {
  columns: [
    { name: 'Этап', type: 'text' },
    { name: 'Клиенты', type: 'integer' },
  ],
  rows: [
    ['Визиты', 12000],
    ['Корзина', 4300],
    ['Оформление', 2100],
    ['Оплата', 1650],
  ],
}

export const profitBridge: VizResult = {
  columns: [
    { name: 'Статья', type: 'text' },
    { name: 'Сумма', type: 'decimal' },
  ],
  rows: [
    ['Выручка', '1000000'],
    ['Себестоимость', '-420000'],
    ['Логистика', '-90000'],
    ['Маркетинг', '-130000'],
    ['Прочие доходы', '40000'],
  ],
}

export const planFact: VizResult = {
  columns: [{ name: 'Выручка', type: 'decimal' }],
  rows: [['7350000']],
}

export const priceVolume: VizResult = {
  columns: [
    { name: 'Цена', type: 'decimal' },
    { name: 'Продажи', type: 'integer' },
    { name: 'Выручка', type: 'decimal' },
  ],
  rows: Array.from({ length: 25 }, (_, i) => {
    const price = 100 + i * 40
    const qty = Math.round(900 - i * 30 + ((i * 37) % 11) * 15)
    return [String(price), qty, String(price * qty)]
  }),
}

export interface GallerySample {
  id: string
  result: VizResult
  spec: ChartSpec
}

const rub = { number: { style: 'currency' as const, decimals: 0 } }
const month = { date: { unit: 'month' as const } }
const sample = (id: string, result: VizResult, spec: ChartSpecInput): GallerySample => ({
  id,
  result,
  spec: chartSpecSchema.parse(spec),
})

/** One card per chart type and notable variant. */
export const GALLERY: GallerySample[] = [
  sample('table', salesByRegion, {
    type: 'table',
    columns: { Выручка: rub, Маржа: { number: { style: 'percent', decimals: 0 } } },
    table: {
      totals: true,
      rules: [
        { kind: 'scale', column: 'Выручка', from: '#ffffff', to: '#69db7c' },
        { kind: 'value', column: 'Маржа', operator: '<', value: 0.15, background: '#ffc9c9' },
      ],
    },
  }),
  sample('number', planFact, { type: 'number', metrics: ['Выручка'], columns: { Выручка: rub } }),
  sample('trend', monthlySales, {
    type: 'trend',
    dimension: 'Месяц',
    metrics: ['Заказы'],
  }),
  sample('bar', salesByRegion, {
    type: 'bar',
    dimension: 'Регион',
    metrics: ['Выручка'],
    columns: { Выручка: rub },
    goals: [{ value: 5_000_000, label: 'План' }],
  }),
  sample('bar-stacked', monthlySales, {
    type: 'bar',
    dimension: 'Месяц',
    breakout: 'Регион',
    metrics: ['Выручка'],
    stacking: 'stacked',
    columns: { Месяц: month },
  }),
  sample('bar-percent', monthlySales, {
    type: 'bar',
    dimension: 'Месяц',
    breakout: 'Регион',
    metrics: ['Выручка'],
    stacking: 'percent',
    columns: { Месяц: month },
  }),
  sample('bar-horizontal', salesByRegion, {
    type: 'bar',
    dimension: 'Регион',
    metrics: ['Заказы'],
    orientation: 'horizontal',
    showLabels: true,
    sort: { by: 'metric', direction: 'desc' },
  }),
  sample('line', monthlySales, {
    type: 'line',
    dimension: 'Месяц',
    breakout: 'Регион',
    metrics: ['Выручка'],
    columns: { Месяц: month, Выручка: rub },
  }),
  sample('area', monthlySales, {
    type: 'area',
    dimension: 'Месяц',
    breakout: 'Регион',
    metrics: ['Заказы'],
    stacking: 'stacked',
    columns: { Месяц: month },
  }),
  sample('combo', salesByRegion, {
    type: 'combo',
    dimension: 'Регион',
    metrics: ['Выручка', 'Маржа'],
    columns: { Выручка: rub, Маржа: { number: { style: 'percent' } } },
  }),
  sample('pie', salesByRegion, { type: 'pie', dimension: 'Регион', metrics: ['Выручка'], showLabels: true }),
  sample('donut', salesByRegion, {
    type: 'pie',
    dimension: 'Регион',
    metrics: ['Заказы'],
    pie: { donut: true },
  }),
  sample('scatter', priceVolume, {
    type: 'scatter',
    dimension: 'Цена',
    metrics: ['Продажи'],
    scatter: { sizeColumn: 'Выручка' },
  }),
  sample('funnel', funnelStages, {
    type: 'funnel',
    dimension: 'Этап',
    metrics: ['Клиенты'],
    showLabels: true,
  }),
  sample('pivot', monthlySales, {
    type: 'pivot',
    columns: { Месяц: month, Выручка: rub },
    pivot: { rows: ['Месяц'], columns: ['Регион'], values: [{ column: 'Выручка', aggregation: 'sum' }] },
  }),
  sample('gauge', planFact, {
    type: 'gauge',
    metrics: ['Выручка'],
    gauge: { max: 10_000_000 },
    columns: { Выручка: { number: { style: 'currency', compact: true } } },
  }),
  sample('progress', planFact, {
    type: 'progress',
    metrics: ['Выручка'],
    goals: [{ value: 9_000_000, label: 'План' }],
    columns: { Выручка: rub },
  }),
  sample('waterfall', profitBridge, {
    type: 'waterfall',
    dimension: 'Статья',
    metrics: ['Сумма'],
    columns: { Сумма: rub },
  }),
]
