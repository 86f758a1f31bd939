import { Button } from '@mantine/core'
import { IconShare } from '@tabler/icons-react'
import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ShareDashboardModal } from './ShareDashboardModal'

/** "Share" on the dashboard page, for its editors. */
export function ShareButton(props: {
  dashboardId: string
  filters: DashboardFilter[]
  values: Record<string, DashboardFilterValue | null | undefined>
}) {
  const { t } = useTranslation()
  const [opened, setOpened] = useState(false)
  return (
    <>
      <Button variant="default" leftSection={<IconShare size={16} />} onClick={() => setOpened(true)}>
        {t('share.button')}
      </Button>
      {opened && <ShareDashboardModal {...props} opened onClose={() => setOpened(false)} />}
    </>
  )
}
