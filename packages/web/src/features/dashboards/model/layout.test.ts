import { type DashboardCard, dashboardCardSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { applyGridLayout, compactVertically, newItemId, placeNewCard } from './layout'

const card = (id: string, layout: DashboardCard['layout'], tabId = 'main'): DashboardCard =>
  dashboardCardSchema.parse({ id, kind: 'text', tabId, layout, text: '' })

describe('dashboard layout', () => {
  it('puts a new card beside the last row when it fits, else below', () => {
    const cards = [card('a', { x: 0, y: 0, w: 12, h: 1 }), card('b', { x: 0, y: 1, w: 6, h: 6 })]
    expect(placeNewCard(cards, 'main', { w: 6, h: 6 })).toEqual({ x: 6, y: 1, w: 6, h: 6 })
    expect(placeNewCard(cards, 'main', { w: 8, h: 3 })).toEqual({ x: 0, y: 7, w: 8, h: 3 })
    expect(placeNewCard(cards, 'other', { w: 4, h: 3 })).toEqual({ x: 0, y: 0, w: 4, h: 3 })
  })
  it('takes moved and resized positions from the grid, clamped to 12 columns', () => {
    const cards = [card('a', { x: 0, y: 0, w: 4, h: 2 }), card('b', { x: 4, y: 0, w: 4, h: 2 })]
    const moved = applyGridLayout(cards, [
      { i: 'a', x: 10, y: 3, w: 4, h: 5 },
      { i: 'zzz', x: 0, y: 0, w: 1, h: 1 },
    ])
    expect(moved.map((c) => c.layout)).toEqual([
      { x: 8, y: 3, w: 4, h: 5 },
      { x: 4, y: 0, w: 4, h: 2 },
    ])
  })
  it('makes ids that are not taken', () => {
    expect(newItemId('card', ['card1', 'card2', 'tab1'])).toBe('card3')
  })

  it('floats cards up into the gaps above them, as the editor compacts them, and keeps the rest', () => {
    const cards = [
      card('top', { x: 0, y: 0, w: 6, h: 2 }),
      card('beside', { x: 6, y: 3, w: 6, h: 2 }),
      card('below', { x: 0, y: 5, w: 12, h: 1 }),
      card('under-top', { x: 0, y: 4, w: 3, h: 1 }),
    ]
    const at = Object.fromEntries(compactVertically(cards).map((c) => [c.id, c.layout.y]))
    // "beside" rises to the top row; "under-top" to just below "top"; "below" under both.
    expect(at).toEqual({ top: 0, beside: 0, 'under-top': 2, below: 3 })
    const compact = [card('a', { x: 0, y: 0, w: 12, h: 1 }), card('b', { x: 0, y: 1, w: 6, h: 6 })]
    const same = compactVertically(compact)
    expect(same[0]).toBe(compact[0])
    expect(same[1]).toBe(compact[1])
  })
})
