import { Badge, Tooltip } from '@mantine/core'
import type { ApiSource } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'

/** Synced, sync failed (the translated code on hover) or never synced. */
export function SourceStatusBadge({ source }: { source: ApiSource }) {
  const { t, i18n } = useTranslation()
  if (source.lastSyncError) {
    const key = `errors.${source.lastSyncError.code}`
    return (
      <Tooltip label={i18n.exists(key) ? t(key) : source.lastSyncError.message} multiline maw={360}>
        <Badge color="red" variant="light">
          {t('sources.status.failed')}
        </Badge>
      </Tooltip>
    )
  }
  if (source.lastSyncAt || source.builtIn)
    return (
      <Badge color="green" variant="light">
        {t('sources.status.ok')}
      </Badge>
    )
  return (
    <Badge color="gray" variant="light">
      {t('sources.status.neverSynced')}
    </Badge>
  )
}
