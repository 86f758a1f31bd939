import { Badge, Button, Code, Loader, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useAdminApiKeysQuery, useAdminRevokeApiKeyMutation } from '../../data/api-keys/admin-api-keys'
import { formatDateTime } from '../../i18n'

export function ApiKeysPanel() {
  const { t } = useTranslation()
  const keys = useAdminApiKeysQuery()
  const revoke = useAdminRevokeApiKeyMutation()
  if (keys.isPending) return <Loader />
  return (
    <>
      <ErrorAlert error={keys.error ?? revoke.error} />
      {keys.data?.length === 0 ? (
        <Text c="dimmed">{t('admin.noKeys')}</Text>
      ) : (
        <Table striped verticalSpacing="sm" data-testid="admin-api-keys-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('admin.owner')}</Table.Th>
              <Table.Th>{t('settings.created')}</Table.Th>
              <Table.Th>{t('settings.lastUsed')}</Table.Th>
              <Table.Th>{t('settings.expires')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.data ?? []).map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>
                  <Text fw={500}>{k.name}</Text>
                  <Code>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{k.userEmail}</Table.Td>
                <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('common.never')}</Table.Td>
                <Table.Td>{k.expiresAt ? formatDateTime(k.expiresAt) : '—'}</Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Badge color="gray">{t('settings.revoked')}</Badge>
                  ) : (
                    <Button size="xs" variant="light" color="red" onClick={() => revoke.mutate(k.id)}>
                      {t('settings.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  )
}
