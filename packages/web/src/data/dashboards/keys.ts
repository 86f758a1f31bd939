export const dashboardKeys = {
  all: ['dashboards'] as const,
  list: () => [...dashboardKeys.all, 'list'] as const,
  detail: (id: string) => [...dashboardKeys.all, 'detail', id] as const,
  /** Every card result of one dashboard (its id, or a share token): invalidated by "Refresh". */
  cards: (dashboardKey: string) => [...dashboardKeys.all, 'card', dashboardKey] as const,
  /** One card's result for the filter values and clicks it ran with. */
  card: (dashboardKey: string, cardId: string, version: string, body: unknown) =>
    [...dashboardKeys.cards(dashboardKey), cardId, version, body] as const,
  filterValues: (dashboardKey: string, filterId: string, body: unknown) =>
    [...dashboardKeys.all, 'filter-values', dashboardKey, filterId, body] as const,
}
