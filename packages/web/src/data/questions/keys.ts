export const questionKeys = {
  all: ['questions'] as const,
  list: (filter: { collectionId: string | null; search: string }) =>
    [...questionKeys.all, 'list', filter] as const,
  detail: (id: string) => [...questionKeys.all, 'detail', id] as const,
  columns: (id: string) => [...questionKeys.all, 'columns', id] as const,
}

export const collectionKeys = {
  all: ['collections'] as const,
  list: () => [...collectionKeys.all, 'list'] as const,
  permissions: (id: string) => [...collectionKeys.all, 'permissions', id] as const,
}

/** Sources and their catalogs, as the question editor reads them (autocomplete, builder pickers). */
export const questionSourceKeys = {
  all: ['question-sources'] as const,
  list: () => [...questionSourceKeys.all, 'list'] as const,
  catalog: (sourceId: string) => [...questionSourceKeys.all, 'catalog', sourceId] as const,
}
