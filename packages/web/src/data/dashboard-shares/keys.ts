export const shareKeys = {
  all: ['dashboard-shares'] as const,
  list: (dashboardId: string) => [...shareKeys.all, 'list', dashboardId] as const,
  embedding: () => [...shareKeys.all, 'embedding'] as const,
  /** What a public link or an embedding token shows. */
  publicDashboard: (kind: 'link' | 'embed', token: string) =>
    [...shareKeys.all, 'public', kind, token] as const,
}
