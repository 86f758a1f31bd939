import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconLayoutDashboard, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { EmptyState } from '../../components/ui/EmptyState'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useMeQuery } from '../../data/auth/me-query'
import { useDashboardsQuery } from '../../data/dashboards/dashboards-query'
import { formatDateTime } from '../../i18n'
import { SampleContentButton } from '../samples/SampleContentButton'
import { NewDashboardModal } from './NewDashboardModal'

export function DashboardsListPage() {
  const { t } = useTranslation()
  const dashboards = useDashboardsQuery()
  const me = useMeQuery()
  const [creating, setCreating] = useState(false)
  const canCreate = me.data?.user.role === 'admin' || me.data?.user.role === 'analyst'
  const create = canCreate && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      {t('dashboards.create')}
    </Button>
  )
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('dashboards.title')}</Title>
        {create}
      </Group>
      {dashboards.error && <ErrorAlert error={dashboards.error} />}
      {dashboards.data?.length === 0 && (
        <EmptyState
          icon={<IconLayoutDashboard size={28} />}
          title={t('dashboards.emptyTitle')}
          text={t('dashboards.emptyText')}
          action={<SampleContentButton />}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {dashboards.data?.map((d) => (
          <Card key={d.id} withBorder padding="md">
            <Anchor component={Link} to={`/dashboards/${d.id}`} fw={600}>
              {d.name}
            </Anchor>
            {d.description && (
              <Text size="sm" c="dimmed" lineClamp={2}>
                {d.description}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt="xs">
              {t('dashboards.cards', { count: d.cardCount })} · {formatDateTime(d.updatedAt)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <NewDashboardModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  )
}
