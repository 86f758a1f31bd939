import { Button, Group, Modal, MultiSelect, Stack, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import type { ApiGroup } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { api } from '../../data/api-client'
import { useSaveGroupMutation, useSetGroupMembersMutation } from '../../data/groups/group-mutations'
import { groupKeys } from '../../data/groups/keys'
import { useUsersQuery } from '../../data/users/users-query'

export function GroupFormModal({ group, onClose }: { group: ApiGroup | null; onClose: () => void }) {
  const { t } = useTranslation()
  const save = useSaveGroupMutation()
  const setMembers = useSetGroupMembersMutation()
  const users = useUsersQuery()
  const members = useQuery({
    queryKey: [...groupKeys.all, 'members', group?.id],
    queryFn: ({ signal }) =>
      api<{ userIds: string[] }>('GET', `/api/admin/groups/${group!.id}/members`, undefined, signal),
    enabled: group !== null,
  })
  const [name, setName] = useState(group?.name ?? '')
  const [description, setDescription] = useState(group?.description ?? '')
  const [memberIds, setMemberIds] = useState<string[]>([])
  useEffect(() => {
    if (members.data) setMemberIds(members.data.userIds)
  }, [members.data])

  const submit = async () => {
    const saved = await save.mutateAsync({ id: group?.id ?? null, body: { name, description } })
    await setMembers.mutateAsync({ id: saved.id, userIds: memberIds })
    notifications.show({ color: 'green', message: t('admin.groupSaved') })
    onClose()
  }

  return (
    <Modal opened onClose={onClose} title={group ? group.name : t('admin.newGroup')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit().catch(() => undefined)
        }}
      >
        <Stack>
          <TextInput
            label={t('common.name')}
            name="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Textarea
            label={t('common.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <MultiSelect
            label={t('admin.members')}
            data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
            value={memberIds}
            onChange={setMemberIds}
            searchable
          />
          <ErrorAlert error={save.error ?? setMembers.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending || setMembers.isPending}>
              {group ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
