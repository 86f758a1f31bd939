import { ActionIcon, Anchor, Group, ScrollArea, Title, Tooltip } from '@mantine/core'
import { IconGripVertical, IconX } from '@tabler/icons-react'
import type { DashboardCardRunBody } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { Markdown } from '../../../components/ui/Markdown'
import type { ViewCard } from '../model/view-data'
import { CardErrorBoundary } from './CardErrorBoundary'
import { type CardClickHandler, QuestionCard } from './QuestionCard'

/** One card's content by kind, with the drag handle and remove button while editing. */
export function DashboardCardView(props: {
  card: ViewCard
  editing: boolean
  unsaved: boolean
  body: Pick<DashboardCardRunBody, 'filters' | 'crossFilters'>
  onRemove: () => void
  onClick?: CardClickHandler
}) {
  const { t } = useTranslation()
  const { card, editing } = props
  const toolbar = editing && (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={t('dashboards.dragCard')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          className="card-drag-handle"
          aria-label={t('dashboards.dragCard')}
        >
          <IconGripVertical size={14} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('dashboards.removeCard')}>
        <ActionIcon
          variant="subtle"
          color="red"
          size="sm"
          onClick={props.onRemove}
          aria-label={t('dashboards.removeCard')}
        >
          <IconX size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
  const body = (() => {
    switch (card.kind) {
      case 'question':
        return (
          <QuestionCard
            card={card}
            body={props.body}
            unsaved={props.unsaved}
            toolbar={toolbar}
            onClick={editing ? undefined : props.onClick}
          />
        )
      case 'heading':
        return (
          <Group justify="space-between" h="100%" wrap="nowrap">
            <Title order={3}>{card.text}</Title>
            {toolbar}
          </Group>
        )
      case 'text':
        return (
          <Group h="100%" align="flex-start" wrap="nowrap">
            <ScrollArea h="100%" style={{ flex: 1 }}>
              <Markdown text={card.text} />
            </ScrollArea>
            {toolbar}
          </Group>
        )
      case 'link':
        return (
          <Group justify="space-between" h="100%" wrap="nowrap">
            {card.url.startsWith('/') ? (
              <Anchor component={Link} to={card.url}>
                {card.text || card.url}
              </Anchor>
            ) : (
              <Anchor href={card.url} target="_blank" rel="noopener noreferrer">
                {card.text || card.url}
              </Anchor>
            )}
            {toolbar}
          </Group>
        )
    }
  })()
  return <CardErrorBoundary>{body}</CardErrorBoundary>
}
