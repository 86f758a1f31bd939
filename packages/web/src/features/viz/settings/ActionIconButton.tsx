import { ActionIcon, Tooltip } from '@mantine/core'
import type { ReactNode } from 'react'

/** An icon button with an accessible name and a tooltip saying the same. */
export function ActionIconButton({
  label,
  icon,
  onClick,
}: {
  label: string
  icon: ReactNode
  onClick: () => void
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick} mb={4}>
        {icon}
      </ActionIcon>
    </Tooltip>
  )
}
