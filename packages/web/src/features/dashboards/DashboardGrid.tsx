import { Card } from '@mantine/core'
import type { DashboardCard, ParameterValue } from '@vitrina/contracts'
import ReactGridLayout, { type Layout, useContainerWidth } from 'react-grid-layout'
import type { VizSelection } from '../viz'
import 'react-grid-layout/css/styles.css'
import 'react-resizable/css/styles.css'
import { DashboardCardView } from './cards/DashboardCardView'
import { ROW_HEIGHT } from './model/layout'
import type { Limiter } from './model/limiter'

/** The 12-column grid of one tab's cards; cards move by their handle and resize from the corner while editing. */
export function DashboardGrid(props: {
  dashboardId: string
  cards: DashboardCard[]
  editing: boolean
  limiter: Limiter
  refreshSeconds: number | null
  parametersOf: (cardId: string) => Record<string, ParameterValue>
  onLayoutChange: (layout: Layout) => void
  onRemove: (cardId: string) => void
  onSelect: (selection: VizSelection) => void
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
          onLayoutChange={(next) => props.editing && props.onLayoutChange(next)}
        >
          {props.cards.map((card) => (
            <div key={card.id} data-testid={`dashboard-card-${card.id}`}>
              <Card withBorder h="100%" padding="sm" radius="md" style={{ overflow: 'hidden' }}>
                <DashboardCardView
                  dashboardId={props.dashboardId}
                  card={card}
                  editing={props.editing}
                  limiter={props.limiter}
                  refreshSeconds={props.refreshSeconds}
                  parameters={props.parametersOf(card.id)}
                  onRemove={() => props.onRemove(card.id)}
                  onSelect={props.onSelect}
                />
              </Card>
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  )
}
