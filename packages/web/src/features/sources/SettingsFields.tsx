import { Group, NumberInput, SegmentedControl, Stack, Switch, Text } from '@mantine/core'
import type { CachePolicy, SourceSettings } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { cachePolicyOfKind } from './source-draft'

/** Statement timeout, row cap, cache policy and catalog sync period of a source. */
export function SettingsFields({
  settings,
  onChange,
}: {
  settings: SourceSettings
  onChange: (settings: SourceSettings) => void
}) {
  const { t } = useTranslation()
  const policy = settings.cachePolicy
  const setPolicy = (cachePolicy: CachePolicy) => onChange({ ...settings, cachePolicy })
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <NumberInput
          label={t('sources.settings.timeout')}
          min={0.1}
          max={3600}
          decimalScale={1}
          value={settings.statementTimeoutMs / 1000}
          onChange={(v) => onChange({ ...settings, statementTimeoutMs: Math.round(Number(v) * 1000) })}
        />
        <NumberInput
          label={t('sources.settings.rowCap')}
          min={1}
          max={1_000_000}
          thousandSeparator=" "
          value={settings.rowCap}
          onChange={(v) => onChange({ ...settings, rowCap: Number(v) || 1 })}
        />
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('sources.settings.cache')}
        </Text>
        <SegmentedControl
          aria-label={t('sources.settings.cache')}
          value={policy.kind}
          onChange={(v) => setPolicy(cachePolicyOfKind(v as CachePolicy['kind']))}
          data={(['ttl', 'adaptive', 'none'] as const).map((k) => ({
            value: k,
            label: t(`sources.settings.cacheKinds.${k}`),
          }))}
        />
        <Text size="xs" c="dimmed">
          {t(`sources.settings.cacheHints.${policy.kind}`)}
        </Text>
      </Stack>
      {policy.kind === 'ttl' && (
        <NumberInput
          label={t('sources.settings.ttlSeconds')}
          min={1}
          max={30 * 86_400}
          value={policy.ttlSeconds}
          onChange={(v) => setPolicy({ ...policy, ttlSeconds: Number(v) || 1 })}
        />
      )}
      {policy.kind === 'adaptive' && (
        <Group grow align="flex-start">
          <NumberInput
            label={t('sources.settings.minDurationMs')}
            min={0}
            max={3_600_000}
            value={policy.minDurationMs}
            onChange={(v) => setPolicy({ ...policy, minDurationMs: Number(v) || 0 })}
          />
          <NumberInput
            label={t('sources.settings.multiplier')}
            min={1}
            max={100_000}
            value={policy.multiplier}
            onChange={(v) => setPolicy({ ...policy, multiplier: Number(v) || 1 })}
          />
        </Group>
      )}
      <Group align="flex-end">
        <Switch
          label={t('sources.settings.autoSync')}
          checked={settings.syncIntervalMinutes !== null}
          onChange={(e) =>
            onChange({ ...settings, syncIntervalMinutes: e.currentTarget.checked ? 1440 : null })
          }
        />
        {settings.syncIntervalMinutes !== null && (
          <NumberInput
            label={t('sources.settings.syncMinutes')}
            min={5}
            max={10_080}
            w={200}
            value={settings.syncIntervalMinutes}
            onChange={(v) => onChange({ ...settings, syncIntervalMinutes: Number(v) || 5 })}
          />
        )}
      </Group>
    </Stack>
  )
}
