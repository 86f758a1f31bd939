export const dashboardKeys = {
  all: ['dashboards'] as const,
  list: () => [...dashboardKeys.all, 'list'] as const,
  detail: (id: string) => [...dashboardKeys.all, 'detail', id] as const,
  /** One card's result; `refreshKey` changes when the user reloads the dashboard. */
  card: (dashboardId: string, cardId: string, questionId: string) =>
    [...dashboardKeys.all, 'card', dashboardId, cardId, questionId] as const,
}
