import { ActionIcon, Button, Group, Loader, Table, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { ApiGroup } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, useErrorText } from '../../components/ui/ErrorAlert'
import { useDeleteGroupMutation } from '../../data/groups/group-mutations'
import { useGroupsQuery } from '../../data/groups/groups-query'
import { GroupFormModal } from './GroupFormModal'

export function GroupsPanel() {
  const { t } = useTranslation()
  const groups = useGroupsQuery()
  const remove = useDeleteGroupMutation()
  const errorText = useErrorText()
  const [editing, setEditing] = useState<ApiGroup | 'new' | null>(null)

  const confirmDelete = (group: ApiGroup) =>
    modals.openConfirmModal({
      title: t('common.delete'),
      children: <Text size="sm">{t('admin.confirmDeleteGroup', { name: group.name })}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(group.id, {
          onSuccess: () => notifications.show({ color: 'green', message: t('admin.groupDeleted') }),
          onError: (e) => notifications.show({ color: 'red', message: errorText(e) }),
        }),
    })

  return (
    <>
      <Group justify="flex-end" mb="md">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('admin.newGroup')}
        </Button>
      </Group>
      <ErrorAlert error={groups.error} />
      {groups.isPending ? (
        <Loader />
      ) : (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="groups-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('common.description')}</Table.Th>
              <Table.Th>{t('admin.memberCount')}</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(groups.data ?? []).map((g) => (
              <Table.Tr key={g.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(g)}>
                <Table.Td fw={500}>{g.name}</Table.Td>
                <Table.Td>{g.description}</Table.Td>
                <Table.Td>{g.memberCount}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('common.delete')}
                    onClick={(e) => {
                      e.stopPropagation()
                      confirmDelete(g)
                    }}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <GroupFormModal group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  )
}
