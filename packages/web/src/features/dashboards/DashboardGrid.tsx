import { Card } from '@mantine/core'
import type { DashboardCardRunBody } from '@vitrina/contracts'
import ReactGridLayout, { type Layout, useContainerWidth } from 'react-grid-layout'
import 'react-grid-layout/css/styles.css'
import 'react-resizable/css/styles.css'
import { DashboardCardView } from './cards/DashboardCardView'
import type { CardClickHandler } from './cards/QuestionCard'
import { ROW_HEIGHT } from './model/layout'
import type { ViewCard } from './model/view-data'

/** The 12-column grid of one tab's cards; cards move by their handle and resize from the corner while editing. */
export function DashboardGrid(props: {
  cards: ViewCard[]
  editing: boolean
  body: Pick<DashboardCardRunBody, 'filters' | 'crossFilters'>
  /** Cards added in this edit, which the server cannot run before the dashboard is saved. */
  unsavedIds?: ReadonlySet<string>
  onLayoutChange?: (layout: Layout) => void
  onRemove?: (cardId: string) => void
  onClick?: CardClickHandler
}) {
  const { width, containerRef, mounted } = useContainerWidth()
  const layout = props.cards.map((c) => ({ i: c.id, ...c.layout }))
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          layout={layout}
          width={width}
          gridConfig={{ cols: 12, rowHeight: ROW_HEIGHT, margin: [12, 12], containerPadding: [0, 0] }}
          dragConfig={{ enabled: props.editing, handle: '.card-drag-handle' }}
          resizeConfig={{ enabled: props.editing }}
          onLayoutChange={(next) => props.editing && props.onLayoutChange?.(next)}
        >
          {props.cards.map((card) => (
            <div key={card.id} data-testid={`dashboard-card-${card.id}`}>
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
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  )
}
