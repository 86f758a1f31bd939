import { type CardLayout, DASHBOARD_GRID_COLUMNS, type DashboardCard } from '@vitrina/contracts'

/** Default sizes in grid cells (12 columns; rows of ROW_HEIGHT px). */
export const CARD_SIZES: Record<DashboardCard['kind'], { w: number; h: number }> = {
  question: { w: 6, h: 6 },
  text: { w: 4, h: 3 },
  heading: { w: 12, h: 1 },
  link: { w: 3, h: 1 },
}
export const ROW_HEIGHT = 56
/** Space between cards, both ways, in px. */
export const GRID_GAP = 12

const overlap = (a: CardLayout, b: CardLayout) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/**
 * Cards floated up as far as they go without overlapping, top rows first and left to right within a row:
 * the compaction the editor's grid library applies, so a view shows the layout as it was edited.
 */
export function compactVertically<T extends { layout: CardLayout }>(cards: readonly T[]): T[] {
  const order = [...cards].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x)
  const placed: CardLayout[] = []
  const moved = new Map<T, CardLayout>()
  for (const card of order) {
    const at = { ...card.layout }
    while (at.y > 0 && !placed.some((p) => overlap({ ...at, y: at.y - 1 }, p))) at.y--
    while (placed.some((p) => overlap(at, p))) at.y++
    placed.push(at)
    moved.set(card, at)
  }
  return cards.map((card) => {
    const at = moved.get(card)!
    return at.y === card.layout.y ? card : { ...card, layout: at }
  })
}

/** Where a new card goes on a tab: the first free spot of its width below or beside the others. */
export function placeNewCard(
  cards: readonly DashboardCard[],
  tabId: string,
  size: { w: number; h: number },
): CardLayout {
  const onTab = cards.filter((c) => c.tabId === tabId)
  const bottom = Math.max(0, ...onTab.map((c) => c.layout.y + c.layout.h))
  // Beside the last row's cards when they leave room, else on a new row.
  const lastRow = onTab.filter((c) => c.layout.y + c.layout.h === bottom)
  const rowTop = Math.min(...lastRow.map((c) => c.layout.y))
  const right = Math.max(0, ...lastRow.map((c) => c.layout.x + c.layout.w))
  if (
    lastRow.length > 0 &&
    right + size.w <= DASHBOARD_GRID_COLUMNS &&
    lastRow.every((c) => c.layout.y === rowTop)
  ) {
    return { x: right, y: rowTop, w: size.w, h: size.h }
  }
  return { x: 0, y: bottom, w: size.w, h: size.h }
}

/** The grid library's layout items → card layouts (by card id), clamped to the grid. */
export function applyGridLayout(
  cards: readonly DashboardCard[],
  items: readonly { i: string; x: number; y: number; w: number; h: number }[],
): DashboardCard[] {
  const byId = new Map(items.map((item) => [item.i, item]))
  return cards.map((card) => {
    const item = byId.get(card.id)
    if (!item) return card
    const w = Math.max(1, Math.min(DASHBOARD_GRID_COLUMNS, Math.round(item.w)))
    const x = Math.max(0, Math.min(DASHBOARD_GRID_COLUMNS - w, Math.round(item.x)))
    return {
      ...card,
      layout: { x, y: Math.max(0, Math.round(item.y)), w, h: Math.max(1, Math.round(item.h)) },
    }
  })
}

/** A short id for a new card or tab, unique within the dashboard. */
export function newItemId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`
    if (!used.has(id)) return id
  }
}
