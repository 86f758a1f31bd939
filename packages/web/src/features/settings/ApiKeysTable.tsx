import { Badge, Button, Code, Table, Text } from '@mantine/core'
import type { ApiKey } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../i18n'

/** The list of keys, in settings (your own) and in admin (everyone's, with an owner column). */
export function ApiKeysTable({
  keys,
  owner,
  onRevoke,
  testId,
}: {
  keys: (ApiKey & { userEmail?: string })[]
  owner: boolean
  onRevoke: (id: string) => void
  testId: string
}) {
  const { t } = useTranslation()
  return (
    <Table striped verticalSpacing="sm" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('common.name')}</Table.Th>
          {owner && <Table.Th>{t('admin.owner')}</Table.Th>}
          <Table.Th>{t('settings.created')}</Table.Th>
          <Table.Th>{t('settings.lastUsed')}</Table.Th>
          <Table.Th>{t('settings.expires')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((k) => (
          <Table.Tr key={k.id}>
            <Table.Td>
              <Text fw={500}>{k.name}</Text>
              <Code>{k.prefix}…</Code>
            </Table.Td>
            {owner && <Table.Td>{k.userEmail}</Table.Td>}
            <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
            <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('common.never')}</Table.Td>
            <Table.Td>{k.expiresAt ? formatDateTime(k.expiresAt) : '—'}</Table.Td>
            <Table.Td>
              {k.revokedAt ? (
                <Badge color="gray">{t('settings.revoked')}</Badge>
              ) : (
                <Button size="xs" variant="light" color="red" onClick={() => onRevoke(k.id)}>
                  {t('settings.revoke')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
