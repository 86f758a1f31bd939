import { describe, expect, it } from 'vitest'
import { isTvMode, rotatedTab, themeOf, tvOptionsOf, withTvMode } from './tv-mode'

const q = (s: string) => new URLSearchParams(s)

describe('TV mode in the address', () => {
  it('reads tv, rotate and theme, ignoring bad values', () => {
    expect(isTvMode(q('tv=1'))).toBe(true)
    expect(isTvMode(q('tv=0'))).toBe(false)
    expect(tvOptionsOf(q('tv=1&rotate=30&theme=dark'))).toEqual({ rotateSeconds: 30, theme: 'dark' })
    for (const rotate of ['abc', '2', '-30', '1.5', '99999'])
      expect(tvOptionsOf(q(`rotate=${rotate}`)).rotateSeconds).toBeNull()
    expect(themeOf(q('theme=blue'))).toBeNull()
    expect(themeOf(q('theme=light'))).toBe('light')
  })

  it('turns TV mode on and off keeping other parameters', () => {
    expect(withTvMode(q('theme=dark'), true, 60).toString()).toBe('theme=dark&tv=1&rotate=60')
    expect(withTvMode(q('tv=1&rotate=60&theme=dark'), true, null).toString()).toBe('tv=1&theme=dark')
    expect(withTvMode(q('tv=1&rotate=60&theme=dark'), false).toString()).toBe('theme=dark')
  })

  it('rotates through the tabs from the one shown, wrapping around', () => {
    const tabs = ['a', 'b', 'c']
    expect([0, 1, 2, 3, 4].map((step) => rotatedTab(tabs, 'b', step))).toEqual(['b', 'c', 'a', 'b', 'c'])
    expect(rotatedTab(tabs, 'gone', 1)).toBe('b')
    expect(rotatedTab([], 'x', 3)).toBe('x')
  })
})
