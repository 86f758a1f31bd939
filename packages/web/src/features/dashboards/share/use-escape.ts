import { useEffect } from 'react'

/**
 * Calls `onEscape` on the Escape key, and when the browser leaves full screen (where the browser itself
 * takes the Escape key and the page never sees it).
 */
export function useEscape(onEscape: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onEscape()
    }
    let wasFullscreen = document.fullscreenElement !== null
    const onFullscreen = () => {
      const now = document.fullscreenElement !== null
      if (wasFullscreen && !now) onEscape()
      wasFullscreen = now
    }
    window.addEventListener('keydown', onKey)
    document.addEventListener('fullscreenchange', onFullscreen)
    return () => {
      window.removeEventListener('keydown', onKey)
      document.removeEventListener('fullscreenchange', onFullscreen)
    }
  }, [onEscape])
}
