export const apiKeyKeys = {
  all: ['api-keys'] as const,
  list: () => [...apiKeyKeys.all, 'list'] as const,
  adminList: () => [...apiKeyKeys.all, 'admin-list'] as const,
}
