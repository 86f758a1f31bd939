/** TV / full-screen mode lives in the address (`?tv=1&rotate=30&theme=dark`), so a wall screen can bookmark it. */
export interface TvOptions {
  /** Seconds between tabs; null = stay on one tab. */
  rotateSeconds: number | null
  theme: 'dark' | 'light' | null
}

export const ROTATE_CHOICES = [null, 15, 30, 60, 120, 300] as const

export function isTvMode(params: URLSearchParams): boolean {
  return params.get('tv') === '1'
}

export function themeOf(params: URLSearchParams): TvOptions['theme'] {
  const theme = params.get('theme')
  return theme === 'dark' || theme === 'light' ? theme : null
}

export function tvOptionsOf(params: URLSearchParams): TvOptions {
  const rotate = Number(params.get('rotate'))
  return {
    rotateSeconds: Number.isInteger(rotate) && rotate >= 5 && rotate <= 3600 ? rotate : null,
    theme: themeOf(params),
  }
}

/** The same address with TV mode on (keeping other parameters) or off (dropping its own). */
export function withTvMode(
  params: URLSearchParams,
  on: boolean,
  rotateSeconds?: number | null,
): URLSearchParams {
  const next = new URLSearchParams(params)
  if (on) {
    next.set('tv', '1')
    if (rotateSeconds) next.set('rotate', String(rotateSeconds))
    else if (rotateSeconds === null) next.delete('rotate')
  } else {
    next.delete('tv')
    next.delete('rotate')
  }
  return next
}

/** The tab `step` turns after `startId` in a rotation through `tabIds`. */
export function rotatedTab(tabIds: string[], startId: string, step: number): string {
  if (tabIds.length === 0) return startId
  const start = Math.max(0, tabIds.indexOf(startId))
  return tabIds[(start + step) % tabIds.length]!
}
