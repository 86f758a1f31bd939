/**
 * The picture of an ECharts chart drawn inside `container`, as a PNG data URL at twice its pixels, or null
 * when the container holds no chart. ECharts is imported here only when asked (it is its own chunk).
 */
export async function chartPngDataUrl(
  container: HTMLElement,
  backgroundColor: string,
): Promise<string | null> {
  const el = container.querySelector<HTMLElement>('[data-testid="echart"]')
  if (!el) return null
  const { echarts } = await import('./echarts-core')
  const instance = echarts.getInstanceByDom(el)
  return instance ? instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor }) : null
}

/** Starts loading the chart chunk now (a dashboard about to draw charts), instead of at the first chart. */
export function preloadCharts(): void {
  void import('./EChart')
}
