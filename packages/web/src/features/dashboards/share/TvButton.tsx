import { ActionIcon, Tooltip } from '@mantine/core'
import { IconDeviceTv } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { withTvMode } from './tv-mode'

/** Opens TV mode (`?tv=1`) and asks the browser for full screen; Esc leaves both. */
export function TvButton() {
  const { t } = useTranslation()
  const [, setParams] = useSearchParams()
  return (
    <Tooltip label={t('tv.button')}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={t('tv.button')}
        onClick={() => {
          // Full screen needs this click; TV mode works without it (a kiosk browser may refuse).
          void document.documentElement.requestFullscreen?.().catch(() => undefined)
          setParams((p) => withTvMode(p, true))
        }}
      >
        <IconDeviceTv size={18} />
      </ActionIcon>
    </Tooltip>
  )
}
