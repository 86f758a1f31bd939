import { Marked, type Tokens } from 'marked'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** http(s), mailto and paths inside Vitrina; `javascript:`, `data:` and the rest are dropped. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim()
  if (/^\/(?!\/)/.test(trimmed) || trimmed.startsWith('#')) return trimmed
  try {
    const url = new URL(trimmed)
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    // Raw HTML in a card is shown as the text it is, never parsed.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text)
    },
    link({ href, title, tokens }: Tokens.Link) {
      const inner = this.parser.parseInline(tokens)
      const safe = safeHref(href)
      if (!safe) return inner
      const external = !safe.startsWith('/') && !safe.startsWith('#')
      const attrs = [
        `href="${escapeHtml(safe)}"`,
        title ? `title="${escapeHtml(title)}"` : '',
        external ? 'target="_blank" rel="noopener noreferrer"' : '',
      ]
      return `<a ${attrs.filter(Boolean).join(' ')}>${inner}</a>`
    },
    // Only pictures served by Vitrina itself (the CSP blocks others anyway); anything else becomes a link.
    image({ href, title, text }: Tokens.Image) {
      const safe = safeHref(href)
      if (safe?.startsWith('/'))
        return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`
      if (!safe) return escapeHtml(text)
      return `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text || safe)}</a>`
    },
  },
})

/** Markdown of a text card as HTML that is safe to insert: no raw HTML, no script URLs, external links in a new tab. */
export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false })
}
