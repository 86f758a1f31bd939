import type { ChartSpecInput, QuestionVariable } from '@vitrina/contracts'

/** The saved questions of the sample dashboard; `{{table}}` is replaced by the dataset's warehouse table. */

/** Every card answers to the dashboard's period filter through these two optional variables. */
export const PERIOD_VARIABLES: QuestionVariable[] = [
  { name: 'date_from', type: 'date', default: null, field: null },
  { name: 'date_to', type: 'date', default: null, field: null },
]
const PERIOD = 'where 1 = 1 [[ and sold_on >= {{date_from}} ]] [[ and sold_on <= {{date_to}} ]]'

const rub = { number: { style: 'currency', currency: 'RUB', compact: true } } as const

export interface SampleQuestion {
  key: string
  name: string
  description: string
  sql: string
  visualization: ChartSpecInput
  /** Where the card sits on the 12-column grid. */
  layout: { x: number; y: number; w: number; h: number }
}

export const SAMPLE_QUESTIONS: SampleQuestion[] = [
  {
    key: 'total',
    name: 'Выручка за период',
    description: 'Сумма выручки по всем регионам.',
    sql: `select sum(revenue) as "Выручка" from {{table}} ${PERIOD}`,
    visualization: {
      type: 'number',
      metrics: ['Выручка'],
      columns: { Выручка: rub },
      kpi: { comparison: 'none' },
    },
    layout: { x: 0, y: 2, w: 4, h: 5 },
  },
  {
    key: 'by-month',
    name: 'Выручка по месяцам',
    description: 'Помесячная динамика выручки.',
    sql: `select cast(date_trunc('month', sold_on) as date) as "Месяц", sum(revenue) as "Выручка"
from {{table}} ${PERIOD}
group by 1 order by 1`,
    visualization: {
      type: 'line',
      dimension: 'Месяц',
      metrics: ['Выручка'],
      columns: { Месяц: { date: { unit: 'month' } }, Выручка: rub },
    },
    layout: { x: 4, y: 2, w: 8, h: 5 },
  },
  {
    key: 'by-region',
    name: 'Выручка по регионам',
    description: 'Какие регионы приносят больше всего.',
    sql: `select region as "Регион", sum(revenue) as "Выручка"
from {{table}} ${PERIOD}
group by 1 order by 2 desc`,
    visualization: {
      type: 'bar',
      dimension: 'Регион',
      metrics: ['Выручка'],
      orientation: 'horizontal',
      columns: { Выручка: rub },
    },
    layout: { x: 0, y: 7, w: 6, h: 6 },
  },
  {
    key: 'plan-fact',
    name: 'План и факт по месяцам',
    description: 'Выручка против плана продаж.',
    sql: `select cast(date_trunc('month', sold_on) as date) as "Месяц", sum(plan) as "План", sum(revenue) as "Факт"
from {{table}} ${PERIOD}
group by 1 order by 1`,
    visualization: {
      type: 'combo',
      dimension: 'Месяц',
      metrics: ['Факт', 'План'],
      series: { Факт: { kind: 'bar' }, План: { kind: 'line' } },
      columns: { Месяц: { date: { unit: 'month' } }, Факт: rub, План: rub },
    },
    layout: { x: 6, y: 7, w: 6, h: 6 },
  },
  {
    key: 'top-managers',
    name: 'Лучшие менеджеры',
    description: 'Десять менеджеров с наибольшей выручкой и выполнение их плана.',
    sql: `select manager as "Менеджер", region as "Регион", count(*) as "Продаж", sum(revenue) as "Выручка",
  round(100 * sum(revenue) / sum(plan), 1) as "% плана"
from {{table}} ${PERIOD}
group by 1, 2 order by 4 desc limit 10`,
    visualization: {
      type: 'table',
      columns: { Выручка: { number: { style: 'currency', currency: 'RUB', decimals: 0 } } },
    },
    layout: { x: 0, y: 13, w: 8, h: 7 },
  },
  {
    key: 'by-category',
    name: 'Доля категорий',
    description: 'Выручка по категориям товаров.',
    sql: `select category as "Категория", sum(revenue) as "Выручка"
from {{table}} ${PERIOD}
group by 1 order by 2 desc`,
    visualization: { type: 'pie', dimension: 'Категория', metrics: ['Выручка'], pie: { donut: true } },
    layout: { x: 8, y: 13, w: 4, h: 7 },
  },
]
