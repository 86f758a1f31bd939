import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { PASSWORD_MIN_LENGTH } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSetupMutation } from '../../data/auth/session-mutations'
import { AuthCard } from './AuthCard'

export function SetupPage() {
  const { t } = useTranslation()
  const setup = useSetupMutation()
  const navigate = useNavigate()
  const [form, setForm] = useState({ name: '', email: '', password: '' })
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }),
  })

  return (
    <AuthCard title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setup.mutate(form, { onSuccess: () => navigate('/', { replace: true }) })
        }}
      >
        <Stack>
          <TextInput
            label={t('setup.name')}
            name="name"
            required
            autoFocus
            autoComplete="name"
            {...field('name')}
          />
          <TextInput
            label={t('common.email')}
            name="email"
            type="email"
            required
            autoComplete="username"
            {...field('email')}
          />
          <PasswordInput
            label={t('common.password')}
            name="password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            autoComplete="new-password"
            description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            {...field('password')}
          />
          <ErrorAlert error={setup.error} />
          <Button type="submit" loading={setup.isPending} fullWidth>
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
