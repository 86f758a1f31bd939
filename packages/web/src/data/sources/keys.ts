export const sourceKeys = {
  all: ['sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
  detail: (id: string) => [...sourceKeys.all, 'detail', id] as const,
  catalog: (id: string) => [...sourceKeys.all, 'catalog', id] as const,
  permissions: (id: string) => [...sourceKeys.all, 'permissions', id] as const,
  cache: (id: string) => [...sourceKeys.all, 'cache', id] as const,
}

export const sourceUrl = (id: string) => `/api/sources/${encodeURIComponent(id)}`
