import { Divider, Stack, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { ApiKeysSection } from './ApiKeysSection'
import { PasswordSection } from './PasswordSection'

export function SettingsPage() {
  const { t } = useTranslation()
  return (
    <Stack gap="xl">
      <Title order={2}>{t('settings.title')}</Title>
      <ApiKeysSection />
      <Divider />
      <PasswordSection />
    </Stack>
  )
}
