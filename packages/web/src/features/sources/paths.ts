/** Where a source's page lives (under Administration). */
export const sourcePath = (id: string) => `/admin/sources/${encodeURIComponent(id)}`
