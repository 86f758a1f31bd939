import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconChartBar } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher'

export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string
  subtitle: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-light)">
      <Group justify="flex-end" p="md">
        <LanguageSwitcher signedIn={false} />
      </Group>
      <Center pt="6vh" px="md">
        <Paper withBorder shadow="md" radius="lg" p="xl" w={420}>
          <Stack gap="lg">
            <Group gap="xs">
              <ThemeIcon size="lg" radius="md">
                <IconChartBar size={20} />
              </ThemeIcon>
              <Text fw={700} size="lg">
                {t('app.name')}
              </Text>
            </Group>
            <div>
              <Title order={2}>{title}</Title>
              <Text c="dimmed" size="sm" mt={4}>
                {subtitle}
              </Text>
            </div>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  )
}
