import { Loader } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { type ApiDataset, DATASET_PERMISSION_LEVELS } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { AccessListEditor } from '../../../components/ui/AccessListEditor'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import {
  useDatasetPermissionsQuery,
  useSaveDatasetPermissionsMutation,
} from '../../../data/datasets/permissions-query'

/** Who may view, upload into or edit this dataset (admins only; the list is saved as a whole). */
export function PermissionsTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const saved = useDatasetPermissionsQuery(dataset.id)
  const save = useSaveDatasetPermissionsMutation(dataset.id)
  if (saved.isPending) return <Loader />
  if (saved.error) return <ErrorAlert error={saved.error} />
  return (
    <AccessListEditor
      saved={saved.data}
      levels={DATASET_PERMISSION_LEVELS}
      initialLevel="view"
      testId="permissions-table"
      saving={save.isPending}
      error={save.error}
      labels={{
        hint: t('data.permissions.hint'),
        addSubject: t('data.permissions.addSubject'),
        add: t('data.permissions.add'),
        empty: t('data.permissions.empty'),
        user: t('data.permissions.user'),
        group: t('data.permissions.group'),
        level: (level) => t(`data.permissions.${level}`),
      }}
      onSave={(entries) =>
        save.mutate(
          {
            entries: entries.map(({ subjectType, subjectId, level }) => ({ subjectType, subjectId, level })),
          },
          { onSuccess: () => notifications.show({ color: 'green', message: t('data.permissions.saved') }) },
        )
      }
    />
  )
}
