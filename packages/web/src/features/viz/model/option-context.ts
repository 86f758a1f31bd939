import type { ChartSpec } from '@vitrina/contracts'
import { columnSettings, type FormatLocale, formatCell, formatNumber } from './format'
import { columnIndex, type VizResult } from './result'
import type { Series } from './series'

/** Mantine-like colours that stay distinct on light and dark backgrounds. */
export const PALETTE = [
  '#228be6',
  '#40c057',
  '#fab005',
  '#fa5252',
  '#7950f2',
  '#15aabf',
  '#fd7e14',
  '#e64980',
  '#82c91e',
  '#4c6ef5',
]

export interface OptionContext {
  locale: FormatLocale
  dark: boolean
}

/** Formatting helpers bound to one result, spec and locale, shared by every option builder. */
export function optionHelpers(result: VizResult, spec: ChartSpec, ctx: OptionContext) {
  const column = (name: string | null) => {
    const i = columnIndex(result, name)
    return i >= 0 ? result.columns[i]! : null
  }
  const dimension = column(spec.dimension)
  const breakout = column(spec.breakout)
  return {
    /** A dimension value as axis / slice text. */
    category(value: Parameters<typeof formatCell>[0]): string {
      return dimension ? formatCell(value, dimension, spec, ctx.locale) : String(value ?? '—')
    },
    seriesName(s: Series): string {
      if (s.group !== null && breakout) return formatCell(s.group, breakout, spec, ctx.locale)
      if (s.group !== null) return String(s.group)
      return spec.columns[s.metric]?.label || s.metric
    },
    value(metric: string, v: number | null | undefined, compact = false): string {
      const format = columnSettings(spec, metric).number
      return formatNumber(
        v ?? null,
        compact ? { ...format, compact: true, decimals: null } : format,
        ctx.locale,
      )
    },
    color(s: Series, index: number): string {
      const own = s.group === null ? spec.series[s.metric]?.color : null
      return own ?? spec.palette[index] ?? PALETTE[index % PALETTE.length]!
    },
    textColor: ctx.dark ? '#c9c9c9' : '#495057',
  }
}
export type OptionHelpers = ReturnType<typeof optionHelpers>
