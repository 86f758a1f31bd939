import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useLoginMutation } from '../../data/auth/session-mutations'
import { changeLocale } from '../../i18n'
import { AuthCard } from './AuthCard'

export function LoginPage() {
  const { t } = useTranslation()
  const login = useLoginMutation()
  const navigate = useNavigate()
  const location = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const from = (location.state as { from?: string } | null)?.from ?? '/'

  return (
    <AuthCard title={t('login.title')} subtitle={t('login.subtitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          login.mutate(
            { email, password },
            {
              onSuccess: (me) => {
                if (me.user.locale) changeLocale(me.user.locale)
                navigate(from, { replace: true })
              },
            },
          )
        }}
      >
        <Stack>
          <TextInput
            label={t('common.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('common.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={login.error} />
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
