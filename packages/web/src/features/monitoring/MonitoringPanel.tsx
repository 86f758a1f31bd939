import { Alert, Anchor, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconHeartbeat } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useInstallPlatformHealthMutation } from '../../data/monitoring/platform-health-mutation'

/** Admin → Monitoring: where /metrics is documented, and the one-click Platform health dashboard. */
export function MonitoringPanel() {
  const { t } = useTranslation()
  const [url, setUrl] = useState('http://127.0.0.1:9090')
  const install = useInstallPlatformHealthMutation()
  return (
    <Stack maw={720}>
      <Text>{t('monitoring.intro')}</Text>
      <Text size="sm" c="dimmed">
        {t('monitoring.metricsHint')} <Code>METRICS_LISTEN</Code>, <Code>METRICS_TOKEN</Code> —{' '}
        <Code>docs/OPERATIONS.md</Code>
      </Text>
      <Group align="end">
        <TextInput
          label={t('monitoring.prometheusUrl')}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          w={360}
          data-testid="prometheus-url"
        />
        <Button
          leftSection={<IconHeartbeat size={16} />}
          loading={install.isPending}
          onClick={() => install.mutate({ prometheusUrl: url })}
        >
          {t('monitoring.install')}
        </Button>
      </Group>
      <ErrorAlert error={install.error} />
      {install.data && (
        <Alert color="green" title={t('monitoring.installed')}>
          <Anchor component={Link} to={`/dashboards/${install.data.dashboardId}`}>
            {t('monitoring.open')}
          </Anchor>
        </Alert>
      )}
    </Stack>
  )
}
