import { Loader, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useAdminApiKeysQuery, useAdminRevokeApiKeyMutation } from '../../data/api-keys/admin-api-keys'
import { ApiKeysTable } from '../settings/ApiKeysTable'

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
        <ApiKeysTable
          keys={keys.data ?? []}
          owner
          onRevoke={(id) => revoke.mutate(id)}
          testId="admin-api-keys-table"
        />
      )}
    </>
  )
}
