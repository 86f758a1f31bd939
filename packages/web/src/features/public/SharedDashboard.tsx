import { Badge, Box, Center, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconChartBar, IconLinkOff } from '@tabler/icons-react'
import type { Locale } from '@vitrina/contracts'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { ErrorAlert, useErrorText } from '../../components/ui/ErrorAlert'
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher'
import { ThemeToggle } from '../../components/ui/ThemeToggle'
import {
  loadPublicFilterValues,
  type PublicKind,
  runPublicCard,
  usePublicDashboardQuery,
} from '../../data/dashboard-shares/public-dashboard-query'
import { changeLocale, formatDateTime } from '../../i18n'
import { DashboardView } from '../dashboards/DashboardView'
import type { DashboardRuntime } from '../dashboards/runtime'
import { TvFrame } from '../dashboards/share/TvFrame'
import { isTvMode, themeOf } from '../dashboards/share/tv-mode'
import { useThemeOverride } from '../dashboards/share/use-theme-override'
import { isShareGone } from './public-errors'
import { publicViewData } from './public-view-data'

/**
 * A dashboard behind a public link (with a slim header: name, language, theme) or an embedding token
 * (nothing around it). `?theme=dark|light`, `?lang=ru|en` and `?tv=1` work on both.
 */
export function SharedDashboard({ kind, token }: { kind: PublicKind; token: string }) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const [params] = useSearchParams()
  const query = usePublicDashboardQuery(kind, token)
  const [gone, setGone] = useState<unknown>(null)
  const tv = isTvMode(params)
  useThemeOverride(tv ? null : themeOf(params))
  const lang = params.get('lang')
  useEffect(() => {
    if (lang === 'ru' || lang === 'en') changeLocale(lang as Locale)
  }, [lang])

  // A link revoked or expired while the page is open: every card would fail the same way, so say it once.
  const runCard = useCallback<DashboardRuntime['runCard']>(
    (cardId, body, signal) =>
      runPublicCard(
        kind,
        token,
        cardId,
        { filters: body.filters, crossFilters: body.crossFilters },
        signal,
      ).catch((error: unknown) => {
        if (isShareGone(error)) setGone(error)
        throw error
      }),
    [kind, token],
  )
  const loadFilterValues = useCallback<NonNullable<DashboardRuntime['loadFilterValues']>>(
    (filterId, body, signal) => loadPublicFilterValues(kind, token, filterId, body, signal),
    [kind, token],
  )
  const view = useMemo(
    () => (query.data ? publicViewData(query.data, `${kind}:${token}`) : null),
    [query.data, kind, token],
  )

  const failure = gone ?? (isShareGone(query.error) ? query.error : null)
  if (failure)
    return (
      <Center mih="100vh" p="md" data-testid="share-gone">
        <Stack align="center" maw={480} gap="sm">
          <ThemeIcon size={56} radius="xl" variant="light" color="gray">
            <IconLinkOff size={28} />
          </ThemeIcon>
          <Title order={2} ta="center">
            {t('publicPage.goneTitle')}
          </Title>
          <Text ta="center">{errorText(failure)}</Text>
          <Text c="dimmed" size="sm" ta="center">
            {t('publicPage.goneHint')}
          </Text>
        </Stack>
      </Center>
    )
  if (query.isPending)
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    )
  if (query.error || !view)
    return (
      <Box p="md">
        <ErrorAlert error={query.error} />
      </Box>
    )

  const dashboard = query.data
  const lockedFilterIds = Object.keys(dashboard.lockedFilters)
  const viewFor = (mode: 'public' | 'tv', tab?: string | null) => (
    <DashboardView
      key={mode}
      dashboard={view}
      mode={mode}
      runCard={runCard}
      // A value list reads the whole column, so links that lock a filter offer none (the server agrees).
      loadFilterValues={lockedFilterIds.length === 0 ? loadFilterValues : undefined}
      lockedFilterIds={lockedFilterIds}
      lockedValues={dashboard.lockedFilters}
      tab={tab ?? undefined}
    />
  )
  if (tv) return <TvFrame tabs={dashboard.tabs}>{(tab) => viewFor('tv', tab)}</TvFrame>
  if (kind === 'embed') return <Box p="sm">{viewFor('public')}</Box>
  return (
    <Stack gap={0} mih="100vh">
      <Group
        justify="space-between"
        px="md"
        py="xs"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="xs">
          <ThemeIcon radius="md">
            <IconChartBar size={18} />
          </ThemeIcon>
          <Text fw={700}>{t('app.name')}</Text>
          <Badge variant="light" color="gray">
            {t('publicPage.poweredBy')}
          </Badge>
        </Group>
        <Group gap="sm">
          {dashboard.expiresAt && (
            <Text size="xs" c="dimmed">
              {t('publicPage.expires', { date: formatDateTime(dashboard.expiresAt) })}
            </Text>
          )}
          <LanguageSwitcher signedIn={false} />
          <ThemeToggle />
        </Group>
      </Group>
      <Box p="lg">{viewFor('public')}</Box>
    </Stack>
  )
}
