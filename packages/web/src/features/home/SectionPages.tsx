import { Stack, Title } from '@mantine/core'
import { IconDatabase, IconLayoutDashboard, IconMessageQuestion } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../components/ui/EmptyState'

// Data, questions and dashboards arrive with their own features; until then each section says what it will hold.
function Section({ title, text, icon }: { title: string; text: string; icon: React.ReactNode }) {
  const { t } = useTranslation()
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <EmptyState icon={icon} title={t('home.notYet')} text={text} />
    </Stack>
  )
}

export function DataPage() {
  const { t } = useTranslation()
  return <Section title={t('home.dataTitle')} text={t('home.dataEmpty')} icon={<IconDatabase size={28} />} />
}

export function QuestionsPage() {
  const { t } = useTranslation()
  return (
    <Section
      title={t('home.questionsTitle')}
      text={t('home.questionsEmpty')}
      icon={<IconMessageQuestion size={28} />}
    />
  )
}

export function DashboardsPage() {
  const { t } = useTranslation()
  return (
    <Section
      title={t('home.dashboardsTitle')}
      text={t('home.dashboardsEmpty')}
      icon={<IconLayoutDashboard size={28} />}
    />
  )
}
