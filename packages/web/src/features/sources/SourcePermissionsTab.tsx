import { Loader } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { SOURCE_ACCESS_LEVELS, type SourceAccess } from '@vitrina/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type AccessEntry, AccessListEditor } from '../../components/ui/AccessListEditor'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSaveSourcePermissionsMutation } from '../../data/sources/source-mutations'
import { useSourcePermissionsQuery } from '../../data/sources/sources-query'

/** Who may query this source with the builder (`query`) or also in SQL (`sql`); saved as a whole list. */
export function SourcePermissionsTab({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation()
  const saved = useSourcePermissionsQuery(sourceId)
  const save = useSaveSourcePermissionsMutation(sourceId)
  const entries = useMemo<AccessEntry<SourceAccess>[] | undefined>(
    () =>
      saved.data?.map((p) => ({ subjectType: p.principalType, subjectId: p.principalId, level: p.access })),
    [saved.data],
  )
  if (saved.isPending) return <Loader />
  if (saved.error || !entries) return <ErrorAlert error={saved.error} />
  return (
    <AccessListEditor
      saved={entries}
      levels={SOURCE_ACCESS_LEVELS}
      initialLevel="query"
      testId="source-permissions-table"
      saving={save.isPending}
      error={save.error}
      labels={{
        hint: t('sources.permissions.hint'),
        addSubject: t('sources.permissions.addPrincipal'),
        add: t('sources.permissions.add'),
        empty: t('sources.permissions.empty'),
        user: t('sources.permissions.user'),
        group: t('sources.permissions.group'),
        level: (level) => t(`sources.permissions.${level}`),
      }}
      onSave={(draft) =>
        save.mutate(
          draft.map((e) => ({ principalType: e.subjectType, principalId: e.subjectId, access: e.level })),
          {
            onSuccess: () => notifications.show({ color: 'green', message: t('sources.permissions.saved') }),
          },
        )
      }
    />
  )
}
