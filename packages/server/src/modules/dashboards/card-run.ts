import {
  type ApiDashboardQuestion,
  DASHBOARD_ROWS_LIMIT,
  type DashboardCardRows,
  type DashboardFilter,
  type DashboardFilterValue,
  type dashboardCardRowsBodySchema,
  type dashboardCardRunBodySchema,
  type ExportFormat,
  type Filter,
  type Query,
  type QueryRunResult,
  type questionRunBodySchema,
} from '@vitrina/contracts'
import type { z } from 'zod'
import { AppError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import type { CollectionsService } from '../collections/collections.service'
import type { QueryRunService, RunOptions, RunResult } from '../query-run/query-run.service'
import { runAnswer } from '../query-run/run-answer'
import type { QuestionsRepo } from '../questions/questions.repo'
import type { QuestionsService } from '../questions/questions.service'
import {
  aliasOf,
  conditionsFor,
  crossFilterValue,
  planCardFilters,
  valueInvalid,
  withConditions,
} from './apply-filters'
import { presentDashboardQuestion } from './dashboard-questions'
import { dashboardDefinitionOf } from './dashboards.presenter'
import type { DashboardsRepo } from './dashboards.repo'
import { localToday, type ResolvedFilterValue, resolveFilterValue, valueProblem } from './filter-values'

type RunBody = z.output<typeof dashboardCardRunBodySchema>
type FilterInput = Pick<RunBody, 'filters' | 'crossFilters'>
type RowsBody = z.output<typeof dashboardCardRowsBodySchema>

export interface CardRunOptions {
  /** Values that replace whatever the caller sent for these filters (public links and embeds). */
  lockedFilters?: Record<string, DashboardFilterValue | null>
  /** Row-level-security scope, passed on to the query engine. */
  rlsScope?: unknown
}

/** What a card run reads: the dashboard, the actor's collection access, the questions, the query engine. */
export interface CardRunDeps {
  dashboardsRepo: Pick<DashboardsRepo, 'find'>
  collections: Pick<CollectionsService, 'accessFor'>
  questionsRepo: Pick<QuestionsRepo, 'findMany'>
  questions: Pick<QuestionsService, 'runRequest'>
  queryRuns: Pick<QueryRunService, 'run' | 'peek' | 'exportStream'>
  /** Today's date for relative periods (default: the server's calendar date). */
  today?: () => string
}

/**
 * How long one actor's view of one dashboard (access, questions) is reused by its card runs: a dashboard
 * opens with a dozen runs at once, which then cost one system-DB read each. Keyed by the dashboard's
 * `updated_at`, so an edit of the dashboard is seen at once; a question or permission change within 2 s,
 * as the principal memo of the auth hook.
 */
const CONTEXT_MEMO_MS = 2_000
const CONTEXT_MEMO_MAX = 1_000

type SavedRun = Awaited<ReturnType<QuestionsService['runRequest']>>

interface RunContext {
  definition: ReturnType<typeof dashboardDefinitionOf>
  questions: Map<string, { info: ApiDashboardQuestion; request: () => Promise<SavedRun> }>
}

/**
 * Runs the cards of a dashboard with its filters applied on the server: loads the dashboard (view access),
 * its card's question (view access, through the questions module), turns the filter values into native
 * parameters or builder conditions, and runs through the query engine (source permission, cache, audit).
 */
export function createDashboardCardRunner(deps: CardRunDeps) {
  const today = deps.today ?? (() => localToday())
  const contexts = new Map<string, { at: number; value: Promise<RunContext> }>()

  /** The dashboard (404 unless the actor may view its collection) and the questions of its cards they may view. */
  async function contextFor(actor: Actor, dashboardId: string): Promise<RunContext> {
    const row = await deps.dashboardsRepo.find(dashboardId)
    if (!row) throw new NotFoundError('Dashboard')
    const key = `${actor.id}|${dashboardId}|${row.updated_at.getTime()}`
    const hit = contexts.get(key)
    if (hit && Date.now() - hit.at < CONTEXT_MEMO_MS) return hit.value
    if (contexts.size >= CONTEXT_MEMO_MAX) contexts.clear()
    const value = (async (): Promise<RunContext> => {
      const access = await deps.collections.accessFor(actor)
      if (access.levelOf(row.collection_id) === null) throw new NotFoundError('Dashboard')
      const definition = dashboardDefinitionOf(row)
      const ids = [...new Set(definition.cards.flatMap((c) => (c.kind === 'question' ? [c.questionId] : [])))]
      const rows = (await deps.questionsRepo.findMany(ids)).filter(
        (q) => access.levelOf(q.collection_id) !== null,
      )
      return {
        definition,
        questions: new Map(
          rows.map((q) => {
            // The questions module's own run request (view access, cache policy, source chain), asked once per
            // question; each run then puts its own parameters in.
            let request: Promise<SavedRun> | null = null
            const ask = () => {
              request ??= deps.questions.runRequest(actor, q.id, { parameters: {}, refresh: false })
              return request
            }
            return [q.id, { info: presentDashboardQuestion(q), request: ask }]
          }),
        ),
      }
    })()
    contexts.set(key, { at: Date.now(), value })
    value.catch(() => contexts.delete(key))
    return value
  }

  /** Each filter's effective value: locked, else sent, else its default; checked against its type. */
  function resolvedFilters(
    filters: readonly DashboardFilter[],
    sent: RunBody['filters'],
    locked: CardRunOptions['lockedFilters'],
  ) {
    const known = new Set(filters.map((f) => f.id))
    const stray = Object.keys(sent).find((id) => !known.has(id))
    if (stray)
      throw valueInvalid(`The dashboard has no filter ${stray}; reload the page`, { filterId: stray })
    const day = today()
    return filters.map((filter) => {
      const raw =
        locked && filter.id in locked
          ? (locked[filter.id] ?? null)
          : filter.id in sent
            ? (sent[filter.id] ?? null)
            : filter.default
      if (raw !== null) {
        const problem = valueProblem(filter.type, raw)
        if (problem)
          throw valueInvalid(`Filter "${filter.name}": ${problem}`, { filterId: filter.id, value: raw })
      }
      return { filter, value: resolveFilterValue(filter.type, raw, day) as ResolvedFilterValue | null }
    })
  }

  /** Everything a run, export or click-through of one card needs, with the filters planned. */
  async function prepare(
    actor: Actor,
    dashboardId: string,
    cardId: string,
    body: FilterInput & { refresh?: boolean; runId?: string },
    options: CardRunOptions,
  ) {
    const { definition, questions } = await contextFor(actor, dashboardId)
    const card = definition.cards.find((c) => c.id === cardId)
    if (card?.kind !== 'question') throw new NotFoundError('Card')
    const saved = questions.get(card.questionId)
    if (!saved) throw new NotFoundError('Question')
    const question = saved.info

    // A click may only filter by a column some card of this dashboard groups by.
    for (const cross of body.crossFilters) {
      const shown = [...questions.values()].some(
        ({ info: q }) =>
          q.sourceId === cross.field.sourceId &&
          q.dimensions.some(
            (d) =>
              d.field.column === cross.field.column &&
              aliasOf(q, cross.field) === d.field.table &&
              (cross.bucket === null || d.bucket === cross.bucket),
          ),
      )
      if (!shown)
        throw valueInvalid(`No card of this dashboard groups by ${cross.field.name}.${cross.field.column}`, {
          field: cross.field,
        })
    }
    const filters = resolvedFilters(definition.filters, body.filters, options.lockedFilters)
    const plan = planCardFilters({ cardId, question, filters, crossFilters: body.crossFilters })
    const base = await saved.request()
    const run = {
      options: base.options,
      input: {
        ...base.input,
        // Lists and ranges are for field-filter variables, which the query engine expands.
        parameters: plan.parameters as z.output<typeof questionRunBodySchema>['parameters'],
        refresh: body.refresh ?? false,
        runId: body.runId,
      },
    }
    let input = run.input
    if (input.query.kind === 'builder' && plan.conditions.length > 0) {
      const query = input.query.query
      input = {
        ...input,
        query: {
          kind: 'builder',
          query: { ...query, filter: withConditions(query.filter, plan.conditions) },
        },
      }
    }
    const runOptions: RunOptions = {
      ...run.options,
      ...(options.rlsScope !== undefined && { rlsScope: options.rlsScope }),
    }
    return { card, question, input, options: runOptions }
  }

  /** The raw rows behind a builder card, or behind one of its group-by values. */
  function rowsQuery(query: Query, question: ApiDashboardQuestion, selection: RowsBody['selection']): Query {
    const conditions: Filter[] = []
    if (selection) {
      const dimension = question.dimensions.find((d) => d.column === selection.column)
      if (!dimension)
        throw new AppError(
          400,
          'DASHBOARD_ROWS_UNAVAILABLE',
          `"${selection.column}" is not a group-by column of this card`,
          { column: selection.column },
        )
      const field = { kind: 'field' as const, ...dimension.field }
      if (selection.value === null) conditions.push({ kind: 'is-null', field })
      else {
        const value = crossFilterValue({
          field: { sourceId: '', schema: '', name: '', column: dimension.field.column },
          value: selection.value,
          bucket: dimension.bucket,
        })
        conditions.push(...conditionsFor(field, value))
      }
    }
    return {
      ...query,
      aggregations: [],
      breakouts: [],
      fields: null,
      orderBy: query.orderBy.filter((o) => o.target.kind === 'field' || o.target.kind === 'expression'),
      limit: DASHBOARD_ROWS_LIMIT,
      filter: withConditions(query.filter, conditions),
    }
  }

  return {
    async runRaw(
      actor: Actor,
      dashboardId: string,
      cardId: string,
      body: RunBody,
      options: CardRunOptions = {},
    ): Promise<RunResult> {
      const p = await prepare(actor, dashboardId, cardId, body, options)
      return deps.queryRuns.run(actor, p.input, p.options)
    },

    async run(
      actor: Actor,
      dashboardId: string,
      cardId: string,
      body: RunBody,
      options: CardRunOptions = {},
    ): Promise<QueryRunResult> {
      const p = await prepare(actor, dashboardId, cardId, body, options)
      return runAnswer(await deps.queryRuns.run(actor, p.input, p.options))
    },

    /**
     * The results the cache holds for one tab's question cards (the first tab by default) under the
     * filters' defaults, without running anything: a dashboard opening shows these at once and runs only
     * the rest. A card that cannot be answered here (no access, a default the filter refuses) is left out;
     * its own run then says why.
     */
    async cachedCards(
      actor: Actor,
      dashboardId: string,
      tabId: string | undefined,
    ): Promise<{ cardId: string; result: RunResult }[]> {
      const { definition } = await contextFor(actor, dashboardId)
      const tab = tabId ?? definition.tabs[0]?.id
      const cards = definition.cards.filter((c) => c.kind === 'question' && c.tabId === tab)
      const found = await Promise.all(
        cards.map(async (card) => {
          try {
            const p = await prepare(actor, dashboardId, card.id, { filters: {}, crossFilters: [] }, {})
            const result = await deps.queryRuns.peek(actor, p.input, p.options)
            return result && { cardId: card.id, result }
          } catch (err) {
            // A refusal the card's own run reports; anything else is a fault to hear about.
            if (err instanceof AppError) return null
            throw err
          }
        }),
      )
      return found.filter((f) => f !== null)
    },

    /** The whole filtered result as a stream for the CSV / .xlsx writers (never cached). */
    async exportStream(
      actor: Actor,
      dashboardId: string,
      cardId: string,
      body: FilterInput & { format: ExportFormat },
      options: CardRunOptions = {},
    ) {
      const p = await prepare(actor, dashboardId, cardId, body, options)
      const handle = await deps.queryRuns.exportStream(actor, { ...p.input, refresh: false }, p.options)
      return { ...handle, title: p.card.title || p.question.name }
    },

    /** Click-through: the rows of a builder card's table with every filter applied (first 2,000). */
    async rows(
      actor: Actor,
      dashboardId: string,
      cardId: string,
      body: RowsBody,
      options: CardRunOptions = {},
    ): Promise<DashboardCardRows> {
      const p = await prepare(actor, dashboardId, cardId, body, options)
      if (p.input.query.kind !== 'builder')
        throw new AppError(
          400,
          'DASHBOARD_ROWS_UNAVAILABLE',
          'The rows behind a SQL question cannot be shown; open the question instead',
          { cardId },
        )
      const query = rowsQuery(p.input.query.query, p.question, body.selection)
      const result = await deps.queryRuns.run(
        actor,
        { ...p.input, query: { kind: 'builder', query } },
        p.options,
      )
      return { ...runAnswer(result), sourceId: p.input.sourceId, query }
    },
  }
}

export type DashboardCardRunner = ReturnType<typeof createDashboardCardRunner>
