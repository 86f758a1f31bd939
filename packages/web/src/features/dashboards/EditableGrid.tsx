import ReactGridLayout, { useContainerWidth } from 'react-grid-layout'
import 'react-grid-layout/css/styles.css'
import 'react-resizable/css/styles.css'
import { CardBox, type GridProps } from './DashboardGrid'
import { GRID_GAP, ROW_HEIGHT } from './model/layout'

/** The grid while editing: cards move by their handle and resize from the corner (react-grid-layout). */
export default function EditableGrid(props: GridProps) {
  const { width, containerRef, mounted } = useContainerWidth()
  const layout = props.cards.map((c) => ({ i: c.id, ...c.layout }))
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          layout={layout}
          width={width}
          gridConfig={{
            cols: 12,
            rowHeight: ROW_HEIGHT,
            margin: [GRID_GAP, GRID_GAP],
            containerPadding: [0, 0],
          }}
          dragConfig={{ enabled: true, handle: '.card-drag-handle' }}
          resizeConfig={{ enabled: true }}
          onLayoutChange={(next) => props.onLayoutChange?.(next)}
        >
          {props.cards.map((card) => (
            <div key={card.id} data-testid={`dashboard-card-${card.id}`}>
              <CardBox card={card} props={props} />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  )
}
