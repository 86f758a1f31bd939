import type { EChartsOption } from 'echarts'
import { useEffect, useRef } from 'react'
import { echarts } from './echarts-core'

export interface EChartProps {
  option: EChartsOption
  dark: boolean
  height: number | string
  /** A click on a bar, point or slice: its category index. */
  onItemClick?: (dataIndex: number) => void
}

/** One ECharts instance on a canvas, resized with its box; the default export is the lazily loaded chunk. */
export default function EChart({ option, dark, height, onItemClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clickRef = useRef(onItemClick)
  clickRef.current = onItemClick
  const optionRef = useRef(option)
  optionRef.current = option

  useEffect(() => {
    const el = box.current
    if (!el) return
    const instance = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' })
    chart.current = instance
    instance.setOption(withBackground(optionRef.current))
    instance.on('finished', () => el.setAttribute('data-rendered', 'true'))
    instance.on('click', (p) => {
      if (typeof p.dataIndex === 'number') clickRef.current?.(p.dataIndex)
    })
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [dark])

  useEffect(() => {
    chart.current?.setOption(withBackground(option), { notMerge: true })
  }, [option])

  return <div ref={box} data-testid="echart" style={{ width: '100%', height }} />
}

/** The card's own background shows through in both themes; short animations so a dashboard settles quickly. */
function withBackground(option: EChartsOption): EChartsOption {
  return { backgroundColor: 'transparent', animationDuration: 400, animationDurationUpdate: 300, ...option }
}
