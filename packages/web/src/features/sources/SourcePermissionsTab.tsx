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
import { SOURCE_ACCESS_LEVELS, type SourceAccess, type SourcePermission } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useGroupsQuery } from '../../data/groups/groups-query'
import { useSaveSourcePermissionsMutation } from '../../data/sources/source-mutations'
import { useSourcePermissionsQuery } from '../../data/sources/sources-query'
import { useUsersQuery } from '../../data/users/users-query'

const keyOf = (p: Pick<SourcePermission, 'principalType' | 'principalId'>) =>
  `${p.principalType}:${p.principalId}`

/** Who may query this source with the builder (`query`) or also in SQL (`sql`); saved as a whole list. */
export function SourcePermissionsTab({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation()
  const saved = useSourcePermissionsQuery(sourceId)
  const save = useSaveSourcePermissionsMutation(sourceId)
  const users = useUsersQuery()
  const groups = useGroupsQuery()
  const [draft, setDraft] = useState<SourcePermission[]>([])
  const [adding, setAdding] = useState<string | null>(null)

  useEffect(() => {
    if (saved.data) setDraft(saved.data)
  }, [saved.data])

  if (saved.isPending) return <Loader />
  if (saved.error) return <ErrorAlert error={saved.error} />

  const names = new Map<string, string>([
    ...(groups.data ?? []).map((g) => [`group:${g.id}`, g.name] as const),
    ...(users.data ?? []).map((u) => [`user:${u.id}`, `${u.name} <${u.email}>`] as const),
  ])
  const taken = new Set(draft.map(keyOf))
  const candidates = [
    ...(groups.data ?? []).map((g) => ({
      value: `group:${g.id}`,
      label: `${t('sources.permissions.group')}: ${g.name}`,
    })),
    ...(users.data ?? [])
      .filter((u) => u.isActive && u.role !== 'admin')
      .map((u) => ({
        value: `user:${u.id}`,
        label: `${t('sources.permissions.user')}: ${u.name} <${u.email}>`,
      })),
  ].filter((c) => !taken.has(c.value))

  const add = () => {
    if (!adding) return
    const [principalType, principalId] = adding.split(':') as ['user' | 'group', string]
    setDraft([...draft, { principalType, principalId, access: 'query' }])
    setAdding(null)
  }
  const setAccess = (index: number, access: SourceAccess) =>
    setDraft(draft.map((p, i) => (i === index ? { ...p, access } : p)))
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved.data)

  return (
    <Stack maw={900}>
      <Text size="sm" c="dimmed">
        {t('sources.permissions.hint')}
      </Text>
      <Group align="flex-end">
        <Select
          label={t('sources.permissions.addPrincipal')}
          searchable
          data={candidates}
          value={adding}
          onChange={setAdding}
          w={420}
        />
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add} disabled={!adding}>
          {t('sources.permissions.add')}
        </Button>
      </Group>
      {draft.length === 0 ? (
        <Text c="dimmed">{t('sources.permissions.empty')}</Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="source-permissions-table">
          <Table.Tbody>
            {draft.map((p, i) => {
              const name = names.get(keyOf(p)) ?? p.principalId
              return (
                <Table.Tr key={keyOf(p)}>
                  <Table.Td>
                    <Badge variant="light" color={p.principalType === 'group' ? 'grape' : 'blue'} mr="xs">
                      {t(`sources.permissions.${p.principalType}`)}
                    </Badge>
                    {name}
                  </Table.Td>
                  <Table.Td>
                    <SegmentedControl
                      size="xs"
                      aria-label={name}
                      value={p.access}
                      onChange={(v) => setAccess(i, v as SourceAccess)}
                      data={SOURCE_ACCESS_LEVELS.map((l) => ({
                        value: l,
                        label: t(`sources.permissions.${l}`),
                      }))}
                    />
                  </Table.Td>
                  <Table.Td w={48}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`${t('common.delete')}: ${name}`}
                      onClick={() => setDraft(draft.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={save.error ?? users.error ?? groups.error} />
      <Group>
        <Button
          disabled={!dirty}
          loading={save.isPending}
          onClick={() =>
            save.mutate(draft, {
              onSuccess: () =>
                notifications.show({ color: 'green', message: t('sources.permissions.saved') }),
            })
          }
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  )
}
