import { useMantineColorScheme } from '@mantine/core'
import { useEffect } from 'react'

/**
 * `?theme=dark|light` of TV and public pages: switches the colour scheme while the page is shown and puts
 * back the viewer's own choice when it is left.
 */
export function useThemeOverride(theme: 'dark' | 'light' | null): void {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  // biome-ignore lint/correctness/useExhaustiveDependencies: restore the scheme the viewer had on entering, not later ones
  useEffect(() => {
    if (!theme) return
    const own = colorScheme
    setColorScheme(theme)
    return () => setColorScheme(own)
  }, [theme])
}
