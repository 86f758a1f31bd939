import { Button, Grid, Group, Loader, Menu, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { modals } from '@mantine/modals'
import {
  IconChevronDown,
  IconFolderPlus,
  IconLock,
  IconMessageQuestion,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react'
import type { ApiCollection } from '@vitrina/contracts'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { EmptyState } from '../../components/ui/EmptyState'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useMeQuery } from '../../data/auth/me-query'
import { useGroupsQuery } from '../../data/groups/groups-query'
import { useCollectionsQuery, useDeleteCollectionMutation } from '../../data/questions/collections-query'
import { useQuestionsQuery } from '../../data/questions/questions-query'
import { useUsersQuery } from '../../data/users/users-query'
import { formatDateTime } from '../../i18n'
import { CollectionAccessModal } from './CollectionAccessModal'
import { CollectionFormModal } from './CollectionFormModal'
import { CollectionsTree } from './CollectionsTree'
import { collectionPath } from './collection-tree'

/** Collections on the left, the questions of the chosen one on the right. `/` focuses search, `n` starts a question. */
export function QuestionsPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const me = useMeQuery()
  const role = me.data?.user.role
  const canAuthor = role === 'admin' || role === 'analyst'
  const [params, setParams] = useSearchParams()
  const selected = params.get('collection')
  const [search, setSearch] = useState('')
  const [form, setForm] = useState<{ editing: ApiCollection | null } | null>(null)
  const [accessOf, setAccessOf] = useState<ApiCollection | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const collections = useCollectionsQuery()
  const questions = useQuestionsQuery({ collectionId: selected, search: search.trim() })
  const remove = useDeleteCollectionMutation()
  const all = collections.data ?? []
  const current = all.find((c) => c.id === selected) ?? null
  const newQuestion = (mode: 'builder' | 'sql') =>
    navigate(`/questions/new?mode=${mode}${selected ? `&collection=${encodeURIComponent(selected)}` : ''}`)
  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['n', () => canAuthor && newQuestion('builder')],
  ])

  const select = (id: string | null) => setParams(id ? { collection: id } : {})

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('questions.title')}</Title>
        {canAuthor && (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconFolderPlus size={16} />}
              onClick={() => setForm({ editing: null })}
              data-testid="new-collection"
            >
              {t('questions.collections.new')}
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  leftSection={<IconPlus size={16} />}
                  rightSection={<IconChevronDown size={14} />}
                  data-testid="new-question"
                >
                  {t('questions.new')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => newQuestion('builder')} data-testid="new-builder-question">
                  {t('questions.newBuilder')}
                </Menu.Item>
                <Menu.Item onClick={() => newQuestion('sql')} data-testid="new-sql-question">
                  {t('questions.newSql')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      <ErrorAlert error={collections.error ?? questions.error ?? remove.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs">
            {collections.isPending ? (
              <Loader size="sm" />
            ) : (
              <CollectionsTree collections={all} selected={selected} onSelect={select} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            <Group justify="space-between">
              <Text fw={600}>
                {current ? collectionPath(all, current.id) : t('questions.collections.all')}
              </Text>
              {current?.access === 'edit' && canAuthor && (
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPencil size={14} />}
                    onClick={() => setForm({ editing: current })}
                  >
                    {t('common.edit')}
                  </Button>
                  {role === 'admin' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconLock size={14} />}
                      onClick={() => setAccessOf(current)}
                    >
                      {t('questions.collections.accessButton')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() =>
                      modals.openConfirmModal({
                        title: t('questions.collections.deleteTitle', { name: current.name }),
                        labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                        confirmProps: { color: 'red' },
                        onConfirm: () => remove.mutate(current.id, { onSuccess: () => select(null) }),
                      })
                    }
                  >
                    {t('common.delete')}
                  </Button>
                </Group>
              )}
            </Group>
            <TextInput
              ref={searchRef}
              leftSection={<IconSearch size={16} />}
              placeholder={t('questions.search')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
            {questions.isPending ? (
              <Loader />
            ) : (questions.data ?? []).length === 0 ? (
              <EmptyState
                icon={<IconMessageQuestion size={28} />}
                title={t('questions.emptyTitle')}
                text={all.length === 0 ? t('questions.noCollections') : t('questions.emptyText')}
              />
            ) : (
              <Table highlightOnHover data-testid="question-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('common.name')}</Table.Th>
                    <Table.Th>{t('questions.collections.one')}</Table.Th>
                    <Table.Th>{t('questions.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(questions.data ?? []).map((q) => (
                    <Table.Tr key={q.id}>
                      <Table.Td>
                        <Link to={`/questions/${q.id}`}>{q.name}</Link>
                        {q.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {q.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{collectionPath(all, q.collectionId)}</Table.Td>
                      <Table.Td>{formatDateTime(q.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      {form && (
        <CollectionFormModal
          editing={form.editing}
          parentId={form.editing ? null : selected}
          collections={all}
          onClose={() => setForm(null)}
          onSaved={(c) => {
            setForm(null)
            select(c.id)
          }}
        />
      )}
      {accessOf && <AccessModalWithSubjects collection={accessOf} onClose={() => setAccessOf(null)} />}
    </Stack>
  )
}

/** Admin-only: the user and group lists come from the admin API. */
function AccessModalWithSubjects({ collection, onClose }: { collection: ApiCollection; onClose(): void }) {
  const { t } = useTranslation()
  const users = useUsersQuery()
  const groups = useGroupsQuery()
  const subjects = [
    ...(groups.data ?? []).map((g) => ({
      value: `group:${g.id}`,
      label: `${t('questions.collections.group')}: ${g.name}`,
    })),
    ...(users.data ?? []).map((u) => ({ value: `user:${u.id}`, label: `${u.name} <${u.email}>` })),
  ]
  return <CollectionAccessModal collection={collection} subjects={subjects} onClose={onClose} />
}
