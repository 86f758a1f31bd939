import type { ApiDashboard, ApiDashboardSummary, dashboardBodySchema } from '@vitrina/contracts'
import type { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import { AppError, ForbiddenError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import type { CollectionAccessMap } from '../collections/collections.policy'
import type { CollectionsService } from '../collections/collections.service'
import type { QuestionsRepo } from '../questions/questions.repo'
import { presentDashboardQuestion } from './dashboard-questions'
import { dashboardDefinitionOf, presentDashboard, presentDashboardSummary } from './dashboards.presenter'
import type { DashboardRow, DashboardsRepo } from './dashboards.repo'
import { assertFilterConfig } from './filter-config'

type DashboardInput = z.output<typeof dashboardBodySchema>

function invalidLayout(message: string): AppError {
  return new AppError(400, 'DASHBOARD_INVALID_LAYOUT', message)
}

export function createDashboardsService(deps: {
  db: SystemDb
  repo: DashboardsRepo
  questions: Pick<QuestionsRepo, 'findMany'>
  collections: CollectionsService
  audit: AuditRepo
}) {
  /** 404 when the actor cannot see the dashboard's collection, 403 when they may only view it. */
  async function load(actor: Actor, id: string, wanted: 'view' | 'edit') {
    const row = await deps.repo.find(id)
    const access = await deps.collections.accessFor(actor)
    if (!row || access.levelOf(row.collection_id) === null) throw new NotFoundError('Dashboard')
    if (wanted === 'edit' && !access.can(row.collection_id, 'edit'))
      throw new ForbiddenError('You may view this dashboard but not change it')
    return { row, access }
  }

  /** Ids unique, every card on an existing tab, every question one the actor may view, filters that fit. */
  async function validated(
    access: CollectionAccessMap,
    body: DashboardInput,
  ): Promise<Omit<DashboardRow, 'id'>> {
    if (access.levelOf(body.collectionId) === null) throw new NotFoundError('Collection')
    if (!access.can(body.collectionId, 'edit'))
      throw new ForbiddenError('You may not add dashboards to that collection')
    const tabIds = new Set(body.tabs.map((t) => t.id))
    if (tabIds.size !== body.tabs.length) throw invalidLayout('Two tabs have the same id')
    const cardIds = new Set(body.cards.map((c) => c.id))
    if (cardIds.size !== body.cards.length) throw invalidLayout('Two cards have the same id')
    const stray = body.cards.find((c) => !tabIds.has(c.tabId))
    if (stray)
      throw invalidLayout(`Card ${stray.id} is on tab ${stray.tabId}, which the dashboard does not have`)

    const wanted = [...new Set(body.cards.flatMap((c) => (c.kind === 'question' ? [c.questionId] : [])))]
    const found = await deps.questions.findMany(wanted)
    const visible = found.filter((q) => access.levelOf(q.collection_id) !== null)
    const missing = wanted.filter((id) => !visible.some((q) => q.id === id))
    if (missing.length > 0)
      throw new AppError(
        400,
        'DASHBOARD_QUESTION_NOT_FOUND',
        'A card shows a question that does not exist or you cannot see',
        {
          questionIds: missing,
        },
      )
    assertFilterConfig(
      body.filters,
      body.cards,
      new Map(visible.map((q) => [q.id, presentDashboardQuestion(q)])),
    )
    return {
      name: body.name,
      description: body.description,
      collection_id: body.collectionId,
      definition: {
        tabs: body.tabs,
        cards: body.cards,
        filters: body.filters,
        refreshSeconds: body.refreshSeconds,
      },
    }
  }

  /** With the questions of its cards the actor may view, so the page needs no other request to start. */
  async function get(actor: Actor, id: string): Promise<ApiDashboard> {
    const { row, access } = await load(actor, id, 'view')
    const ids = [
      ...new Set(
        dashboardDefinitionOf(row).cards.flatMap((c) => (c.kind === 'question' ? [c.questionId] : [])),
      ),
    ]
    const questions = (await deps.questions.findMany(ids))
      .filter((q) => access.levelOf(q.collection_id) !== null)
      .map(presentDashboardQuestion)
    return presentDashboard(row, access.levelOf(row.collection_id) ?? 'view', questions)
  }

  return {
    get,

    /** The stored definition of a dashboard the actor may view (card runs, value lists); 404 otherwise. */
    async viewable(actor: Actor, id: string) {
      const { row, access } = await load(actor, id, 'view')
      return { row, definition: dashboardDefinitionOf(row), access }
    },

    async list(
      actor: Actor,
      filter: { collectionId?: string; search?: string },
    ): Promise<ApiDashboardSummary[]> {
      const access = await deps.collections.accessFor(actor)
      const visible = access.visibleIds()
      const collectionIds = filter.collectionId ? visible.filter((id) => id === filter.collectionId) : visible
      const rows = await deps.repo.list({ collectionIds, search: filter.search?.trim() || null })
      return rows.map((row) => presentDashboardSummary(row, access.levelOf(row.collection_id) ?? 'view'))
    },

    async create(actor: Actor, body: DashboardInput): Promise<ApiDashboard> {
      const access = await deps.collections.accessFor(actor)
      const id = newId()
      const row = { id, ...(await validated(access, body)) }
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert({ ...row, created_by: actor.id }, trx)
        await deps.audit.record(
          {
            action: 'dashboard.created',
            actor,
            target: { type: 'dashboard', id },
            details: { name: row.name, collectionId: row.collection_id },
          },
          trx,
        )
      })
      return get(actor, id)
    },

    async update(actor: Actor, id: string, body: DashboardInput): Promise<ApiDashboard> {
      const { row: before, access } = await load(actor, id, 'edit')
      const row = { id, ...(await validated(access, body)) }
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.update({ ...row, updated_by: actor.id }, trx)
        await deps.audit.record(
          {
            action: 'dashboard.updated',
            actor,
            target: { type: 'dashboard', id },
            details: {
              before: { name: before.name, collectionId: before.collection_id },
              after: { name: row.name, collectionId: row.collection_id, cards: body.cards.length },
            },
          },
          trx,
        )
      })
      return get(actor, id)
    },

    async delete(actor: Actor, id: string): Promise<void> {
      const { row } = await load(actor, id, 'edit')
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.delete(id, trx)
        await deps.audit.record(
          {
            action: 'dashboard.deleted',
            actor,
            target: { type: 'dashboard', id },
            details: { name: row.name },
          },
          trx,
        )
      })
    },
  }
}

export type DashboardsService = ReturnType<typeof createDashboardsService>
