import { Button, PasswordInput, Stack, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { PASSWORD_MIN_LENGTH } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useChangePasswordMutation } from '../../data/auth/profile-mutations'

export function PasswordSection() {
  const { t } = useTranslation()
  const change = useChangePasswordMutation()
  const [currentPassword, setCurrent] = useState('')
  const [newPassword, setNext] = useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        change.mutate(
          { currentPassword, newPassword },
          {
            onSuccess: () => {
              setCurrent('')
              setNext('')
              notifications.show({ color: 'green', message: t('settings.passwordChanged') })
            },
          },
        )
      }}
    >
      <Stack maw={420}>
        <Title order={3}>{t('settings.changePassword')}</Title>
        <PasswordInput
          label={t('settings.currentPassword')}
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('settings.newPassword')}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          value={newPassword}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <ErrorAlert error={change.error} />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  )
}
