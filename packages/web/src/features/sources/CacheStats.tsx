import { Button, Group, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconEraser } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useClearSourceCacheMutation } from '../../data/sources/source-mutations'
import { useSourceCacheStatsQuery } from '../../data/sources/sources-query'

/** The source's result cache: hits, misses, hit ratio, where it lives, and "Clear cache". */
export function CacheStats({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation()
  const stats = useSourceCacheStatsQuery(sourceId)
  const clear = useClearSourceCacheMutation(sourceId)
  return (
    <>
      <Group gap="md" data-testid="cache-stats">
        <Text size="sm" c="dimmed">
          {stats.data
            ? t('sources.cache.stats', {
                hits: stats.data.hits,
                misses: stats.data.misses,
                ratio: stats.data.hitRatio === null ? '—' : `${Math.round(stats.data.hitRatio * 100)}%`,
                store: t(`sources.cache.stores.${stats.data.store}`),
              })
            : t('common.loading')}
        </Text>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconEraser size={14} />}
          loading={clear.isPending}
          onClick={() =>
            clear.mutate(undefined, {
              onSuccess: () => notifications.show({ color: 'green', message: t('sources.cache.cleared') }),
            })
          }
        >
          {t('sources.cache.clear')}
        </Button>
      </Group>
      <ErrorAlert error={stats.error ?? clear.error} />
    </>
  )
}
