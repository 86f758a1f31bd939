import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconRefresh } from '@tabler/icons-react'
import type { ApiDataset } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { useErrorText } from '../../../components/ui/ErrorAlert'
import { useSyncLinkedMutation } from '../../../data/datasets/dataset-mutations'

/** Admins: the linked table's columns read again from its source (after the source table changed). */
export function SyncLinkedButton({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const sync = useSyncLinkedMutation(dataset.id)
  const errorText = useErrorText()
  return (
    <Button
      variant="light"
      leftSection={<IconRefresh size={16} />}
      loading={sync.isPending}
      onClick={() =>
        sync.mutate(undefined, {
          onSuccess: () => notifications.show({ color: 'green', message: t('data.linked.synced') }),
          onError: (e) => notifications.show({ color: 'red', message: errorText(e) }),
        })
      }
    >
      {t('data.linked.sync')}
    </Button>
  )
}
