import { Button, Stack, Text } from '@mantine/core'
import { IconSparkles } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useMeQuery } from '../../data/auth/me-query'
import { useSampleContentMutation } from './use-sample-content-mutation'

/**
 * "Add sample data" for an admin on an empty install: adds the sample sales report and opens its dashboard.
 * Renders nothing for other roles.
 */
export function SampleContentButton() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const me = useMeQuery()
  const add = useSampleContentMutation()
  if (me.data?.user.role !== 'admin') return null
  return (
    <Stack align="center" gap="xs">
      <Button
        leftSection={<IconSparkles size={16} />}
        variant="light"
        loading={add.isPending}
        onClick={() =>
          add.mutate(undefined, { onSuccess: (content) => navigate(`/dashboards/${content.dashboardId}`) })
        }
        data-testid="add-sample-content"
      >
        {t('samples.add')}
      </Button>
      <Text size="xs" c="dimmed" ta="center">
        {t('samples.hint')}
      </Text>
      <ErrorAlert error={add.error} />
    </Stack>
  )
}
