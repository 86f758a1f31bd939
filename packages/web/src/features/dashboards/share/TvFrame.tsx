import { ActionIcon, Box, Group, Select, Tooltip } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import type { DashboardTab } from '@vitrina/contracts'
import { type ReactNode, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { ROTATE_CHOICES, rotatedTab, tvOptionsOf, withTvMode } from './tv-mode'
import { useEscape } from './use-escape'
import { useThemeOverride } from './use-theme-override'

/** Type is this much larger on a wall screen (every rem-based size of the UI grows with it). */
const TV_FONT_SIZE = '125%'

/**
 * TV / full-screen mode around a dashboard: the whole window, larger type, the tabs turning every
 * `?rotate=` seconds, `?theme=` applied; Esc (or leaving browser full screen) goes back.
 */
export function TvFrame(props: { tabs: DashboardTab[]; children: (tabId: string | null) => ReactNode }) {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const { rotateSeconds, theme } = tvOptionsOf(params)
  const [step, setStep] = useState(0)
  useThemeOverride(theme)
  const exit = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined)
    setParams((p) => withTvMode(p, false), { replace: true })
  }, [setParams])
  useEscape(exit)

  useEffect(() => {
    const root = document.documentElement
    const before = root.style.fontSize
    root.style.fontSize = TV_FONT_SIZE
    return () => {
      root.style.fontSize = before
    }
  }, [])
  useEffect(() => {
    setStep(0)
    if (!rotateSeconds || props.tabs.length < 2) return
    const timer = setInterval(() => setStep((s) => s + 1), rotateSeconds * 1000)
    return () => clearInterval(timer)
  }, [rotateSeconds, props.tabs.length])

  const tabIds = props.tabs.map((x) => x.id)
  const tab = rotateSeconds && tabIds.length > 1 ? rotatedTab(tabIds, tabIds[0]!, step) : null
  return (
    <Box
      pos="fixed"
      inset={0}
      bg="var(--mantine-color-body)"
      style={{ overflow: 'auto', zIndex: 150 }}
      data-testid="tv-mode"
    >
      <Group
        gap="xs"
        pos="absolute"
        top={12}
        right={16}
        style={{ zIndex: 1, opacity: 0.35 }}
        onMouseEnter={(e) => {
          e.currentTarget.style.opacity = '1'
        }}
        onMouseLeave={(e) => {
          e.currentTarget.style.opacity = '0.35'
        }}
        data-export-hide
        data-testid="tv-toolbar"
      >
        {props.tabs.length > 1 && (
          <Select
            size="xs"
            w={150}
            aria-label={t('tv.rotate')}
            data={ROTATE_CHOICES.map((s) => ({
              value: String(s),
              label: s === null ? t('tv.rotateOff') : t('tv.rotateEvery', { count: s }),
            }))}
            value={String(rotateSeconds)}
            onChange={(v) => setParams((p) => withTvMode(p, true, v && v !== 'null' ? Number(v) : null))}
            allowDeselect={false}
            comboboxProps={{ zIndex: 400 }}
          />
        )}
        <Tooltip label={t('tv.exit')}>
          <ActionIcon variant="default" size="lg" onClick={exit} aria-label={t('tv.exit')}>
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {props.children(tab)}
    </Box>
  )
}
