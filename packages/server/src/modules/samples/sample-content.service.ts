import { Readable } from 'node:stream'
import {
  type ApiQuestion,
  collectionBodySchema,
  dashboardBodySchema,
  questionBodySchema,
  type SampleContent,
} from '@vitrina/contracts'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { quoteTable } from '../../warehouse/sql'
import type { CollectionsService } from '../collections/collections.service'
import type { DashboardsService } from '../dashboards/dashboards.service'
import type { DatasetFeature } from '../datasets/datasets.feature'
import type { QuestionsService } from '../questions/questions.service'
import { SAMPLE_COLUMNS, SAMPLE_DATASET_NAME, sampleSalesCsv } from './sales-data'
import { PERIOD_VARIABLES, SAMPLE_QUESTIONS } from './sample-questions'

export const SAMPLE_COLLECTION_NAME = 'Примеры'
export const SAMPLE_DASHBOARD_NAME = 'Продажи по регионам'
/** Dataset tables are queried through the built-in warehouse source. */
const WAREHOUSE_SOURCE_ID = 'warehouse'

/**
 * Adds the sample sales report through the ordinary services, as if an admin had done each step: the dataset
 * (created, then loaded from a generated CSV like an upload, so it has a batch in its history), the "Примеры"
 * collection, the saved questions and the dashboard with a period filter. Idempotent: a second call returns
 * what the first one made.
 */
export function createSampleContentService(deps: {
  datasets: Pick<DatasetFeature, 'datasets' | 'uploads' | 'imports'>
  collections: CollectionsService
  questions: QuestionsService
  dashboards: DashboardsService
}) {
  /** One install at a time in this process: a double click gets the first call's answer. */
  let running: Promise<SampleContent> | null = null

  async function existing(actor: Actor): Promise<SampleContent | null> {
    const dataset = (await deps.datasets.datasets.list(actor)).find((d) => d.name === SAMPLE_DATASET_NAME)
    if (!dataset) return null
    const dashboard = (await deps.dashboards.list(actor, { search: SAMPLE_DASHBOARD_NAME })).find(
      (d) => d.name === SAMPLE_DASHBOARD_NAME,
    )
    if (!dashboard) {
      throw new AppError(
        409,
        'SAMPLE_CONTENT_EXISTS',
        `The sample dataset "${SAMPLE_DATASET_NAME}" exists but its dashboard was deleted; delete the dataset to add the samples again`,
      )
    }
    const full = await deps.dashboards.get(actor, dashboard.id)
    return {
      created: false,
      datasetId: dataset.id,
      collectionId: full.collectionId,
      dashboardId: full.id,
      questionIds: full.cards.flatMap((c) => (c.kind === 'question' ? [c.questionId] : [])),
    }
  }

  async function loadDataset(actor: Actor): Promise<{ id: string; table: string }> {
    const { datasets, uploads, imports } = deps.datasets
    const created = await datasets.create(actor, {
      name: SAMPLE_DATASET_NAME,
      description: 'Сгенерированный пример: продажи электроники по регионам России за год.',
      columns: SAMPLE_COLUMNS,
      keyColumns: [],
    })
    const upload = await uploads.receive(actor, {
      filename: 'продажи-пример.csv',
      file: Readable.from([sampleSalesCsv()]),
    })
    const { batch } = await imports.importNow(
      actor,
      created.id,
      { uploadId: upload.id, sheet: null, mode: 'append', periodColumn: null, quarantine: false },
      false,
      () => undefined,
    )
    if (batch.status !== 'loaded') {
      throw new AppError(
        500,
        'INTERNAL',
        `The sample rows did not load (${batch.status}): ${batch.error?.message}`,
      )
    }
    return { id: created.id, table: quoteTable((await datasets.load(created.id)).table) }
  }

  async function install(actor: Actor): Promise<SampleContent> {
    const found = await existing(actor)
    if (found) return found
    const dataset = await loadDataset(actor)
    const collection = await deps.collections.create(
      actor,
      collectionBodySchema.parse({
        name: SAMPLE_COLLECTION_NAME,
        description: 'Пример отчёта о продажах: можно менять и удалять.',
      }),
    )
    const questions: ApiQuestion[] = []
    for (const q of SAMPLE_QUESTIONS) {
      questions.push(
        await deps.questions.create(
          actor,
          questionBodySchema.parse({
            name: q.name,
            description: q.description,
            collectionId: collection.id,
            sourceId: WAREHOUSE_SOURCE_ID,
            query: {
              kind: 'native',
              sql: q.sql.replaceAll('{{table}}', dataset.table),
              variables: PERIOD_VARIABLES,
            },
            visualization: q.visualization,
          }),
        ),
      )
    }
    const cardIds = SAMPLE_QUESTIONS.map((q) => `card-${q.key}`)
    const dashboard = await deps.dashboards.create(
      actor,
      dashboardBodySchema.parse({
        name: SAMPLE_DASHBOARD_NAME,
        description: 'Пример: выручка, план и менеджеры по регионам за 2025 год.',
        collectionId: collection.id,
        tabs: [{ id: 'main', name: 'Обзор' }],
        cards: [
          {
            id: 'intro',
            tabId: 'main',
            kind: 'text',
            text: 'Это пример: продажи электроники в шести регионах за 2025 год. Выберите период в фильтрах выше — все карточки пересчитаются.',
            layout: { x: 0, y: 0, w: 12, h: 2 },
          },
          ...SAMPLE_QUESTIONS.map((q, i) => ({
            id: cardIds[i],
            tabId: 'main',
            kind: 'question' as const,
            questionId: questions[i]?.id,
            layout: q.layout,
          })),
        ],
        filters: PERIOD_VARIABLES.map((v) => ({
          id: v.name,
          name: v.name === 'date_from' ? 'Период с' : 'Период по',
          type: 'date',
          targets: cardIds.map((cardId) => ({ cardId, variable: v.name })),
        })),
      }),
    )
    return {
      created: true,
      datasetId: dataset.id,
      collectionId: collection.id,
      dashboardId: dashboard.id,
      questionIds: questions.map((q) => q.id),
    }
  }

  return {
    install(actor: Actor): Promise<SampleContent> {
      running ??= install(actor).finally(() => {
        running = null
      })
      return running
    },
  }
}

export type SampleContentService = ReturnType<typeof createSampleContentService>
