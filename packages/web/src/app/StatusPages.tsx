import { Button, Center, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

export function ForbiddenPage() {
  const { t } = useTranslation()
  return (
    <Center py={80} data-testid="forbidden">
      <Stack align="center">
        <Title order={2}>{t('forbidden.title')}</Title>
        <Text c="dimmed">{t('forbidden.text')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('forbidden.back')}
        </Button>
      </Stack>
    </Center>
  )
}

export function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <Center py={80}>
      <Stack align="center">
        <Title order={2}>{t('notFound.title')}</Title>
        <Button component={Link} to="/" variant="light">
          {t('notFound.back')}
        </Button>
      </Stack>
    </Center>
  )
}
