import { ActionIcon, Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useGroupsQuery } from '../../data/groups/groups-query'
import { useUsersQuery } from '../../data/users/users-query'
import { ErrorAlert } from './ErrorAlert'

/** One grant of an access list: a user or a group, at one level. */
export interface AccessEntry<L extends string> {
  subjectType: 'user' | 'group'
  subjectId: string
  level: L
  /** As the server named it; otherwise taken from the users and groups lists. */
  subjectName?: string
}

/** The words of one access list; `level` names each level. */
export interface AccessListLabels<L extends string> {
  hint: string
  addSubject: string
  add: string
  empty: string
  user: string
  group: string
  level: (level: L) => string
}

const keyOf = (e: Pick<AccessEntry<string>, 'subjectType' | 'subjectId'>) => `${e.subjectType}:${e.subjectId}`
const comparable = (entries: AccessEntry<string>[]) =>
  JSON.stringify(entries.map(({ subjectType, subjectId, level }) => [subjectType, subjectId, level]))

/**
 * Who may do what with one object (a dataset, a source): groups and active non-admin users (admins may
 * do everything anyway), each at one of `levels`, edited as a draft and saved as a whole list.
 */
export function AccessListEditor<L extends string>(props: {
  saved: AccessEntry<L>[]
  levels: readonly L[]
  /** The level a newly added user or group starts at. */
  initialLevel: L
  labels: AccessListLabels<L>
  testId: string
  saving: boolean
  error: unknown
  onSave: (entries: AccessEntry<L>[]) => void
}) {
  const { t } = useTranslation()
  const { saved, labels } = props
  const users = useUsersQuery()
  const groups = useGroupsQuery()
  const [draft, setDraft] = useState<AccessEntry<L>[]>(saved)
  const [adding, setAdding] = useState<string | null>(null)

  useEffect(() => setDraft(saved), [saved])

  const names = new Map<string, string>([
    ...(groups.data ?? []).map((g) => [`group:${g.id}`, g.name] as const),
    ...(users.data ?? []).map((u) => [`user:${u.id}`, `${u.name} <${u.email}>`] as const),
  ])
  const nameOf = (e: AccessEntry<L>) => e.subjectName ?? names.get(keyOf(e)) ?? e.subjectId
  const taken = new Set(draft.map(keyOf))
  const candidates = [
    ...(groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: `${labels.group}: ${g.name}` })),
    ...(users.data ?? [])
      .filter((u) => u.isActive && u.role !== 'admin')
      .map((u) => ({ value: `user:${u.id}`, label: `${labels.user}: ${u.name} <${u.email}>` })),
  ].filter((c) => !taken.has(c.value))

  const add = () => {
    if (!adding) return
    const [subjectType, subjectId] = adding.split(':') as ['user' | 'group', string]
    setDraft([...draft, { subjectType, subjectId, level: props.initialLevel }])
    setAdding(null)
  }
  const setLevel = (index: number, level: L) =>
    setDraft(draft.map((e, i) => (i === index ? { ...e, level } : e)))
  const dirty = comparable(draft) !== comparable(saved)

  return (
    <Stack maw={900}>
      <Text size="sm" c="dimmed">
        {labels.hint}
      </Text>
      <Group align="flex-end">
        <Select
          label={labels.addSubject}
          searchable
          data={candidates}
          value={adding}
          onChange={setAdding}
          w={420}
        />
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add} disabled={!adding}>
          {labels.add}
        </Button>
      </Group>
      {draft.length === 0 ? (
        <Text c="dimmed">{labels.empty}</Text>
      ) : (
        <Table verticalSpacing="xs" data-testid={props.testId}>
          <Table.Tbody>
            {draft.map((e, i) => {
              const name = nameOf(e)
              return (
                <Table.Tr key={keyOf(e)}>
                  <Table.Td>
                    <Badge variant="light" color={e.subjectType === 'group' ? 'grape' : 'blue'} mr="xs">
                      {e.subjectType === 'group' ? labels.group : labels.user}
                    </Badge>
                    {name}
                  </Table.Td>
                  <Table.Td>
                    <SegmentedControl
                      size="xs"
                      aria-label={name}
                      value={e.level}
                      onChange={(v) => setLevel(i, v as L)}
                      data={props.levels.map((l) => ({ value: l, label: labels.level(l) }))}
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
      <ErrorAlert error={props.error ?? users.error ?? groups.error} />
      <Group>
        <Button disabled={!dirty} loading={props.saving} onClick={() => props.onSave(draft)}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  )
}
