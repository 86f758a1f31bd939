import { Badge, Button, Group, Loader, Table, Text, TextInput } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconSearch, IconUserPlus } from '@tabler/icons-react'
import type { ApiUser } from '@vitrina/contracts'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useUsersQuery } from '../../data/users/users-query'
import { formatDateTime } from '../../i18n'
import { UserFormModal } from './UserFormModal'

const ROLE_COLOR = { admin: 'red', analyst: 'blue', viewer: 'gray' } as const

export function UsersPanel() {
  const { t } = useTranslation()
  const users = useUsersQuery()
  const [editing, setEditing] = useState<ApiUser | 'new' | null>(null)
  const [search, setSearch] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)
  useHotkeys([['/', () => searchRef.current?.focus()]])

  const needle = search.trim().toLowerCase()
  const visible = (users.data ?? []).filter(
    (u) => !needle || u.email.includes(needle) || u.name.toLowerCase().includes(needle),
  )

  return (
    <>
      <Group justify="space-between" mb="md">
        <TextInput
          ref={searchRef}
          placeholder={`${t('common.search')} ( / )`}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing('new')}>
          {t('admin.newUser')}
        </Button>
      </Group>
      <ErrorAlert error={users.error} />
      {users.isPending ? (
        <Loader />
      ) : (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.personName')}</Table.Th>
              <Table.Th>{t('common.email')}</Table.Th>
              <Table.Th>{t('admin.role')}</Table.Th>
              <Table.Th>{t('admin.groupsCol')}</Table.Th>
              <Table.Th>{t('admin.attributes')}</Table.Th>
              <Table.Th>{t('admin.status')}</Table.Th>
              <Table.Th>{t('admin.lastLogin')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((u) => (
              <Table.Tr key={u.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(u)}>
                <Table.Td fw={500}>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Badge color={ROLE_COLOR[u.role]} variant="light">
                    {t(`admin.roles.${u.role}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{u.groups.map((g) => g.name).join(', ')}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {Object.entries(u.attributes)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={u.isActive ? 'green' : 'gray'} variant="dot">
                    {u.isActive ? t('admin.active') : t('admin.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  )
}
