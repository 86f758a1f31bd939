import { List, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import type { ApiDataset, DatasetInUse } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useErrorText } from '../../../components/ui/ErrorAlert'
import { ApiRequestError } from '../../../data/api-client'
import { useDeleteDatasetMutation } from '../../../data/datasets/dataset-mutations'
import { formatCount } from '../components/format-cell'

/**
 * Deleting a dataset, asked for once; when saved questions read it the server answers 409 DATASET_IN_USE and
 * the user is shown them and asked again before deleting anyway.
 */
export function useDeleteDataset(dataset: ApiDataset | null) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const remove = useDeleteDatasetMutation(dataset?.id ?? '')
  const errorText = useErrorText()

  const run = (force: boolean) =>
    remove.mutate(force, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('data.delete.done', { name: dataset?.name }) })
        navigate('/data')
      },
      onError: (e) => {
        if (e instanceof ApiRequestError && e.code === 'DATASET_IN_USE')
          return askAgain(e.details as DatasetInUse)
        notifications.show({ color: 'red', message: errorText(e) })
      },
    })

  const askAgain = (inUse: DatasetInUse) =>
    modals.openConfirmModal({
      title: t('data.delete.inUseTitle'),
      children: (
        <Stack gap="xs" data-testid="dataset-in-use">
          <Text size="sm">{t('data.delete.inUse', { count: inUse.questions.length })}</Text>
          <List size="sm">
            {inUse.questions.map((q) => (
              <List.Item key={q.id}>{q.name}</List.Item>
            ))}
          </List>
        </Stack>
      ),
      labels: { confirm: t('data.delete.anyway'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => run(true),
    })

  return () =>
    dataset &&
    modals.openConfirmModal({
      title: t('data.delete.title'),
      children: (
        <Text size="sm" data-testid="dataset-delete-confirm">
          {t('data.delete.confirm', { name: dataset.name, count: formatCount(dataset.rowCount) })}
        </Text>
      ),
      labels: { confirm: t('data.delete.action'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => run(false),
    })
}
