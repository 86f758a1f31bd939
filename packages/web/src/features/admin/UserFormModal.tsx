import {
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { type ApiUser, PASSWORD_MIN_LENGTH, ROLES, type Role } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useGroupsQuery } from '../../data/groups/groups-query'
import { useCreateUserMutation, useUpdateUserMutation } from '../../data/users/user-mutations'
import { type AttributeRow, AttributesEditor, toRecord, toRows } from './AttributesEditor'

/** Creates a user (user = null) or edits one. */
export function UserFormModal({ user, onClose }: { user: ApiUser | null; onClose: () => void }) {
  const { t } = useTranslation()
  const groups = useGroupsQuery()
  const create = useCreateUserMutation()
  const update = useUpdateUserMutation()
  const [email, setEmail] = useState(user?.email ?? '')
  const [name, setName] = useState(user?.name ?? '')
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer')
  const [password, setPassword] = useState('')
  const [isActive, setIsActive] = useState(user?.isActive ?? true)
  const [groupIds, setGroupIds] = useState<string[]>(user?.groups.map((g) => g.id) ?? [])
  const [attributes, setAttributes] = useState<AttributeRow[]>(toRows(user?.attributes ?? {}))
  const mutation = user ? update : create

  const submit = () => {
    const done = () => {
      notifications.show({ color: 'green', message: t(user ? 'admin.userUpdated' : 'admin.userCreated') })
      onClose()
    }
    if (user) {
      update.mutate(
        {
          id: user.id,
          patch: {
            name,
            role,
            isActive,
            groupIds,
            attributes: toRecord(attributes),
            ...(password && { password }),
          },
        },
        { onSuccess: done },
      )
    } else {
      create.mutate(
        { email, name, role, password, groupIds, attributes: toRecord(attributes) },
        { onSuccess: done },
      )
    }
  }

  return (
    <Modal opened onClose={onClose} title={user ? user.email : t('admin.newUser')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Stack>
          {!user && (
            <TextInput
              label={t('common.email')}
              name="email"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          )}
          <TextInput
            label={t('common.personName')}
            name="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('admin.role')}
            name="role"
            data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            allowDeselect={false}
          />
          <PasswordInput
            label={user ? t('admin.resetPassword') : t('common.password')}
            name="password"
            required={!user}
            minLength={PASSWORD_MIN_LENGTH}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <MultiSelect
            label={t('admin.groupsCol')}
            data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
            value={groupIds}
            onChange={setGroupIds}
            searchable
          />
          <AttributesEditor rows={attributes} onChange={setAttributes} />
          {user && (
            <Switch
              label={t('admin.active')}
              checked={isActive}
              onChange={(e) => setIsActive(e.currentTarget.checked)}
            />
          )}
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
