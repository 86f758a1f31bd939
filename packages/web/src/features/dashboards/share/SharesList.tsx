import { Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import type { ApiShare, DashboardFilter } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useDashboardSharesQuery, useRevokeShareMutation } from '../../../data/dashboard-shares/shares-query'
import { formatDateTime } from '../../../i18n'
import { formatFilterValue } from './share-model'
import { usePresetName } from './use-preset-name'

const STATUS_COLOR: Record<ApiShare['status'], string> = { active: 'green', expired: 'gray', revoked: 'red' }

/** The dashboard's public links, newest first, each revocable while it works. */
export function SharesList(props: { dashboardId: string; filters: DashboardFilter[]; enabled: boolean }) {
  const { t } = useTranslation()
  const presetName = usePresetName()
  const shares = useDashboardSharesQuery(props.dashboardId, props.enabled)
  const revoke = useRevokeShareMutation(props.dashboardId)
  if (shares.isPending) return <Loader size="sm" />
  if (shares.error) return <ErrorAlert error={shares.error} />
  if (shares.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('share.none')}
      </Text>
    )
  const filterName = (id: string) => props.filters.find((f) => f.id === id)?.name ?? id
  const confirmRevoke = (share: ApiShare) =>
    modals.openConfirmModal({
      title: t('share.revokeConfirmTitle'),
      children: <Text size="sm">{t('share.revokeConfirm', { hint: share.hint })}</Text>,
      labels: { confirm: t('share.revoke'), cancel: t('share.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(share.id),
    })

  return (
    <Stack gap="xs" data-testid="shares-list">
      <ErrorAlert error={revoke.error} />
      {shares.data.map((share) => {
        const locked = Object.entries(share.lockedFilters).map(
          ([id, value]) => `${filterName(id)} = ${formatFilterValue(value, presetName) ?? '—'}`,
        )
        return (
          <Paper key={share.id} withBorder p="xs" data-testid="share-row" data-status={share.status}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text size="sm" fw={600}>
                    {share.label || `…${share.hint}`}
                  </Text>
                  <Badge size="sm" variant="light" color={STATUS_COLOR[share.status]}>
                    {t(`share.status.${share.status}`)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {[
                    share.createdBy ? t('share.createdBy', { name: share.createdBy.name }) : null,
                    formatDateTime(share.createdAt),
                    share.expiresAt ? t('share.expires', { date: formatDateTime(share.expiresAt) }) : null,
                    share.lastUsedAt
                      ? t('share.lastUsed', { date: formatDateTime(share.lastUsedAt) })
                      : t('share.neverUsed'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                {locked.length > 0 && <Text size="xs">{t('share.locked', { list: locked.join('; ') })}</Text>}
              </Stack>
              {share.status === 'active' && (
                <Button size="xs" variant="light" color="red" onClick={() => confirmRevoke(share)}>
                  {t('share.revoke')}
                </Button>
              )}
            </Group>
          </Paper>
        )
      })}
    </Stack>
  )
}
