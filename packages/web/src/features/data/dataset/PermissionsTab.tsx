import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import {
  type ApiDataset,
  type ApiDatasetPermission,
  DATASET_PERMISSION_LEVELS,
  type DatasetPermissionLevel,
} from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import {
  useDatasetPermissionsQuery,
  useSaveDatasetPermissionsMutation,
} from '../../../data/datasets/permissions-query'
import { useGroupsQuery } from '../../../data/groups/groups-query'
import { useUsersQuery } from '../../../data/users/users-query'

/** Who may view, upload into or edit this dataset (admins only; the list is saved as a whole). */
export function PermissionsTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const saved = useDatasetPermissionsQuery(dataset.id)
  const save = useSaveDatasetPermissionsMutation(dataset.id)
  const users = useUsersQuery()
  const groups = useGroupsQuery()
  const [draft, setDraft] = useState<ApiDatasetPermission[]>([])
  const [adding, setAdding] = useState<string | null>(null)

  useEffect(() => {
    if (saved.data) setDraft(saved.data)
  }, [saved.data])

  if (saved.isPending) return <Loader />
  if (saved.error) return <ErrorAlert error={saved.error} />

  const keyOf = (p: Pick<ApiDatasetPermission, 'subjectType' | 'subjectId'>) =>
    `${p.subjectType}:${p.subjectId}`
  const taken = new Set(draft.map(keyOf))
  const candidates = [
    ...(groups.data ?? []).map((g) => ({
      value: `group:${g.id}`,
      label: `${t('data.permissions.group')}: ${g.name}`,
      name: g.name,
    })),
    ...(users.data ?? [])
      .filter((u) => u.isActive && u.role !== 'admin')
      .map((u) => ({
        value: `user:${u.id}`,
        label: `${t('data.permissions.user')}: ${u.name} <${u.email}>`,
        name: `${u.name} (${u.email})`,
      })),
  ].filter((c) => !taken.has(c.value))

  const add = () => {
    const candidate = candidates.find((c) => c.value === adding)
    if (!candidate) return
    const [subjectType, subjectId] = candidate.value.split(':') as ['user' | 'group', string]
    setDraft([...draft, { subjectType, subjectId, subjectName: candidate.name, level: 'view' }])
    setAdding(null)
  }

  const setLevel = (index: number, level: DatasetPermissionLevel) =>
    setDraft(draft.map((p, i) => (i === index ? { ...p, level } : p)))

  const dirty = JSON.stringify(draft) !== JSON.stringify(saved.data)

  return (
    <Stack maw={900}>
      <Text size="sm" c="dimmed">
        {t('data.permissions.hint')}
      </Text>
      <Group align="flex-end">
        <Select
          label={t('data.permissions.addSubject')}
          searchable
          data={candidates}
          value={adding}
          onChange={setAdding}
          w={420}
        />
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add} disabled={!adding}>
          {t('data.permissions.add')}
        </Button>
      </Group>
      {draft.length === 0 ? (
        <Text c="dimmed">{t('data.permissions.empty')}</Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="permissions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('data.permissions.subject')}</Table.Th>
              <Table.Th />
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.map((p, i) => (
              <Table.Tr key={keyOf(p)}>
                <Table.Td>
                  <Badge variant="light" color={p.subjectType === 'group' ? 'grape' : 'blue'} mr="xs">
                    {t(`data.permissions.${p.subjectType}`)}
                  </Badge>
                  {p.subjectName}
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    aria-label={p.subjectName}
                    value={p.level}
                    onChange={(v) => setLevel(i, v as DatasetPermissionLevel)}
                    data={DATASET_PERMISSION_LEVELS.map((l) => ({
                      value: l,
                      label: t(`data.permissions.${l}`),
                    }))}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t('common.delete')}: ${p.subjectName}`}
                    onClick={() => setDraft(draft.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={save.error ?? users.error ?? groups.error} />
      <Group>
        <Button
          disabled={!dirty}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              {
                entries: draft.map(({ subjectType, subjectId, level }) => ({
                  subjectType,
                  subjectId,
                  level,
                })),
              },
              {
                onSuccess: () => notifications.show({ color: 'green', message: t('data.permissions.saved') }),
              },
            )
          }
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  )
}
