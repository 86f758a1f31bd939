import { Card } from '@mantine/core'
import type { DashboardCardRunBody } from '@vitrina/contracts'
import { lazy, Suspense } from 'react'
import type { Layout } from 'react-grid-layout'
import { DashboardCardView } from './cards/DashboardCardView'
import type { CardClickHandler } from './cards/QuestionCard'
import { compactVertically, GRID_GAP, ROW_HEIGHT } from './model/layout'
import type { ViewCard } from './model/view-data'

// The grid library (and its styles) loads only when someone edits a dashboard.
const EditableGrid = lazy(() => import('./EditableGrid'))

export interface GridProps {
  cards: ViewCard[]
  editing: boolean
  body: Pick<DashboardCardRunBody, 'filters' | 'crossFilters'>
  /** Cards added in this edit, which the server cannot run before the dashboard is saved. */
  unsavedIds?: ReadonlySet<string>
  onLayoutChange?: (layout: Layout) => void
  onRemove?: (cardId: string) => void
  onClick?: CardClickHandler
}

/**
 * The 12-column grid of one tab's cards. While editing, react-grid-layout moves cards by their handle and
 * resizes them from the corner; to view, a CSS grid places the same cells (floated up as the editor
 * compacts them) without the library's measuring and per-card wrappers, which cost a 12-card dashboard
 * ~0.15 s of its opening.
 */
export function DashboardGrid(props: GridProps) {
  if (!props.editing) return <StaticGrid {...props} />
  return (
    <Suspense fallback={<StaticGrid {...props} />}>
      <EditableGrid {...props} />
    </Suspense>
  )
}

export function CardBox({ card, props }: { card: ViewCard; props: GridProps }) {
  return (
    <Card withBorder h="100%" padding="sm" radius="md" style={{ overflow: 'hidden' }}>
      <DashboardCardView
        card={card}
        editing={props.editing}
        unsaved={props.unsavedIds?.has(card.id) ?? false}
        body={props.body}
        onRemove={() => props.onRemove?.(card.id)}
        onClick={props.onClick}
      />
    </Card>
  )
}

function StaticGrid(props: GridProps) {
  return (
    <div
      data-testid="dashboard-grid"
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(12, minmax(0, 1fr))',
        gridAutoRows: ROW_HEIGHT,
        gap: GRID_GAP,
      }}
    >
      {compactVertically(props.cards).map((card) => (
        <div
          key={card.id}
          data-testid={`dashboard-card-${card.id}`}
          style={{
            gridColumn: `${card.layout.x + 1} / span ${card.layout.w}`,
            gridRow: `${card.layout.y + 1} / span ${card.layout.h}`,
            minWidth: 0,
          }}
        >
          <CardBox card={card} props={props} />
        </div>
      ))}
    </div>
  )
}
