import { saveBlob } from '../../../data/dashboards/dashboard-cards'
import { chartPngDataUrl } from '../../viz'
import { jpegPdf } from './pdf'

/** File names without characters the file systems refuse. */
export const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'dashboard'

const background = (el: HTMLElement) => {
  const color = getComputedStyle(document.body).backgroundColor
  return color && color !== 'rgba(0, 0, 0, 0)' ? color : getComputedStyle(el).backgroundColor || '#ffffff'
}

/** Decoded here: the CSP's connect-src does not let fetch() read data: URLs. */
function dataUrlBlob(url: string): Blob {
  const [head, data = ''] = url.split(',', 2)
  const type = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'application/octet-stream'
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
  return new Blob([bytes], { type })
}

/**
 * A card's chart as PNG: an ECharts canvas through its own `getDataURL` (sharp, at twice the pixels);
 * anything drawn in HTML (tables, numbers, text) through html-to-image, which draws the DOM via SVG.
 */
export async function cardPng(card: HTMLElement, name: string): Promise<void> {
  const chart = await chartPngDataUrl(card, background(card))
  if (chart) {
    saveBlob(dataUrlBlob(chart), `${safeFileName(name)}.png`)
    return
  }
  const { toPng } = await import('html-to-image')
  const url = await toPng(card, { backgroundColor: background(card), pixelRatio: 2 })
  saveBlob(dataUrlBlob(url), `${safeFileName(name)}.png`)
}

/** The whole dashboard as drawn (canvases included) to PNG or to a one-page PDF. */
export async function dashboardImage(el: HTMLElement, name: string, format: 'png' | 'pdf'): Promise<void> {
  const { toCanvas } = await import('html-to-image')
  const canvas = await toCanvas(el, {
    backgroundColor: background(el),
    pixelRatio: 1.5,
    // The page's own buttons are left out of the picture.
    filter: (node) => !(node instanceof HTMLElement && node.dataset.exportHide !== undefined),
  })
  if (format === 'png') {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
    if (!blob) throw new Error('The browser could not encode the image')
    saveBlob(blob, `${safeFileName(name)}.png`)
    return
  }
  const jpeg = new Uint8Array(await dataUrlBlob(canvas.toDataURL('image/jpeg', 0.92)).arrayBuffer())
  const pdf = jpegPdf(jpeg, { width: canvas.width, height: canvas.height }, name)
  saveBlob(new Blob([pdf as BlobPart], { type: 'application/pdf' }), `${safeFileName(name)}.pdf`)
}
