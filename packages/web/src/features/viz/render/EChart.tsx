import type { EChartsOption } from 'echarts'
import { useEffect, useRef } from 'react'
import { echarts } from './echarts-core'

export interface EChartProps {
  option: EChartsOption
  dark: boolean
  height: number | string
  /** A click on a bar, point or slice: its category index. */
  onItemClick?: (dataIndex: number) => void
  /** false: the first drawing appears finished at once (a dashboard of many charts); changes still animate. */
  animate?: boolean
}

/** One ECharts instance on a canvas, resized with its box; the default export is the lazily loaded chunk. */
export default function EChart({ option, dark, height, onItemClick, animate = true }: EChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clickRef = useRef(onItemClick)
  clickRef.current = onItemClick
  const optionRef = useRef(option)
  optionRef.current = option
  const animateRef = useRef(animate)
  animateRef.current = animate
  const drawn = useRef<EChartsOption | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const instance = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' })
    chart.current = instance
    // Listeners first: without an animation the first drawing may finish inside setOption.
    instance.on('finished', () => el.setAttribute('data-rendered', 'true'))
    instance.on('click', (p) => {
      if (typeof p.dataIndex === 'number') clickRef.current?.(p.dataIndex)
    })
    drawn.current = optionRef.current
    instance.setOption(withBackground(optionRef.current, animateRef.current))
    // The observer also reports the first size, which the chart was just drawn at: only real changes redraw.
    let size = `${el.clientWidth}x${el.clientHeight}`
    const observer = new ResizeObserver(() => {
      const next = `${el.clientWidth}x${el.clientHeight}`
      if (next === size) return
      size = next
      instance.resize()
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [dark])

  useEffect(() => {
    // The option the chart was created with is already drawn; redrawing it would start a second animation.
    if (option === drawn.current) return
    drawn.current = option
    // "Drawn" again only once the change has finished animating (tests and benchmarks wait for it).
    if (chart.current) box.current?.removeAttribute('data-rendered')
    chart.current?.setOption(withBackground(option, true), { notMerge: true })
  }, [option])

  return <div ref={box} data-testid="echart" style={{ width: '100%', height }} />
}

/**
 * The card's own background shows through in both themes; short animations so a dashboard settles quickly.
 * Without animation, none at all: a zero duration still leaves some series (a pie's expansion) animating
 * for their own default second before the chart reports it has finished.
 */
function withBackground(option: EChartsOption, animate: boolean): EChartsOption {
  return {
    backgroundColor: 'transparent',
    ...(animate ? { animationDuration: 400, animationDurationUpdate: 300 } : { animation: false }),
    ...option,
  }
}
