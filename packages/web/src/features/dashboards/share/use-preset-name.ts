import { useTranslation } from 'react-i18next'

/** The translated name of a date-range preset (`last-7-days`), falling back to the preset itself. */
export function usePresetName(): (preset: string) => string {
  const { t, i18n } = useTranslation()
  return (preset) => {
    const key = `dashboards.presets.${preset}`
    return i18n.exists(key) ? t(key) : preset
  }
}
