import {
  DASHBOARD_FILTER_VALUES_LIMIT,
  type DashboardFilterValues,
  type dashboardFilterValuesBodySchema,
  type Filter,
  type Query,
  type SourceCatalog,
} from '@vitrina/contracts'
import type { z } from 'zod'
import { AppError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import type { QueryRunService } from '../query-run/query-run.service'
import { conditionsFor, valueInvalid, withConditions } from './apply-filters'
import type { DashboardsService } from './dashboards.service'
import { localToday, resolveFilterValue, valueProblem } from './filter-values'

type ValuesBody = z.output<typeof dashboardFilterValuesBodySchema>

const NUMERIC = new Set(['integer', 'decimal', 'float'])

/**
 * The distinct values of a filter's field, for its list: a builder query through the query engine, so the
 * caller needs `query` on the source (and view on the dataset), and the result is cached like any other.
 * Linked filters' current values restrict the list; `search` keeps values containing the text.
 */
export function createFilterValueList(deps: {
  dashboards: Pick<DashboardsService, 'viewable'>
  sources: { catalog(actor: Actor, id: string): Promise<SourceCatalog> }
  queryRuns: Pick<QueryRunService, 'run'>
  today?: () => string
}) {
  const today = deps.today ?? (() => localToday())
  return async function filterValues(
    actor: Actor,
    dashboardId: string,
    filterId: string,
    body: ValuesBody,
  ): Promise<DashboardFilterValues> {
    const { definition } = await deps.dashboards.viewable(actor, dashboardId)
    const filter = definition.filters.find((f) => f.id === filterId)
    if (!filter) throw new NotFoundError('Filter')
    const field = filter.field
    if (!field)
      throw new AppError(400, 'DASHBOARD_FILTER_INVALID', `Filter "${filter.name}" is not about a field`, {
        filterId,
      })
    const catalog = await deps.sources.catalog(actor, field.sourceId)
    const column = catalog.tables
      .find((t) => t.schema === field.schema && t.name === field.name)
      ?.columns.find((c) => c.name === field.column)
    if (!column)
      throw new AppError(
        400,
        'QUERY_UNKNOWN_COLUMN',
        `Unknown column "${field.column}" in ${field.schema}.${field.name}`,
        {
          column: field.column,
        },
      )

    const conditions: Filter[] = []
    const own = { kind: 'field' as const, table: null, column: field.column }
    for (const linkedId of filter.linkedFilterIds) {
      const linked = definition.filters.find((f) => f.id === linkedId)
      if (!linked?.field) continue
      const raw = linkedId in body.filters ? (body.filters[linkedId] ?? null) : linked.default
      if (raw !== null && valueProblem(linked.type, raw))
        throw valueInvalid(`Filter "${linked.name}": ${valueProblem(linked.type, raw)}`, {
          filterId: linkedId,
        })
      const value = resolveFilterValue(linked.type, raw, today())
      if (value)
        conditions.push(...conditionsFor({ kind: 'field', table: null, column: linked.field.column }, value))
    }
    if (body.search !== '') {
      if (column.type === 'text')
        conditions.push({ kind: 'contains', field: own, value: body.search, caseSensitive: false })
      else if (NUMERIC.has(column.type)) {
        const n = Number(body.search.replace(',', '.'))
        if (!Number.isFinite(n)) return { values: [], truncated: false }
        conditions.push({ kind: 'compare', op: '=', field: own, value: n })
      }
    }
    const query: Query = {
      source: { kind: 'table', schema: field.schema, name: field.name },
      joins: [],
      expressions: [],
      filter: withConditions(null, [...conditions, { kind: 'not-null', field: own }]),
      aggregations: [],
      breakouts: [{ field: own, bucket: null, name: 'value' }],
      fields: null,
      orderBy: [{ target: { kind: 'breakout', index: 0 }, direction: 'asc' }],
      limit: DASHBOARD_FILTER_VALUES_LIMIT + 1,
    }
    const { outcome } = await deps.queryRuns.run(actor, {
      sourceId: field.sourceId,
      query: { kind: 'builder', query },
      parameters: {},
      refresh: false,
    })
    const rows = outcome.body().rows
    return {
      values: rows.slice(0, DASHBOARD_FILTER_VALUES_LIMIT).flatMap((r) => (r[0] == null ? [] : [r[0]])),
      truncated: rows.length > DASHBOARD_FILTER_VALUES_LIMIT,
    }
  }
}

export type FilterValueList = ReturnType<typeof createFilterValueList>
