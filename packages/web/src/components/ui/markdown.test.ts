import { describe, expect, it } from 'vitest'
import { renderMarkdown, safeHref } from './markdown'

describe('markdown of text cards', () => {
  it('renders headings, emphasis, lists, tables and line breaks', () => {
    const html = renderMarkdown(
      '# Итоги\n**Выручка** выросла на _12 %_\nвторая строка\n\n- Москва\n- Казань\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    )
    expect(html).toContain('<h1>Итоги</h1>')
    expect(html).toContain('<strong>Выручка</strong>')
    expect(html).toContain('<em>12 %</em>')
    expect(html).toContain('<br>')
    expect(html).toContain('<li>Москва</li>')
    expect(html).toContain('<td>1</td>')
  })

  it('shows raw HTML as text instead of parsing it', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\nТекст <img src=x onerror=alert(1)> и <b>жирный</b>',
    )
    expect(html).not.toMatch(/<script|<img|<b>/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('opens external links in a new tab with rel=noopener, keeps Vitrina paths in place', () => {
    expect(renderMarkdown('[отчёт](https://example.com/a?b=1&c=2)')).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">отчёт</a>',
    )
    expect(renderMarkdown('[данные](/data)')).toContain('<a href="/data">данные</a>')
    expect(renderMarkdown('<https://example.com>')).toContain('rel="noopener noreferrer"')
  })

  it('drops javascript:, data: and protocol-relative links, keeping their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<b>x</b>',
      '//evil.example',
      ' javascript:alert(1)',
    ]) {
      const html = renderMarkdown(`[нажми](${href})`)
      expect(html, href).not.toContain('<a')
      expect(html).toContain('нажми')
    }
    expect(safeHref('vbscript:x')).toBeNull()
    expect(safeHref('mailto:sales@example.com')).toBe('mailto:sales@example.com')
  })

  it('draws only images served by Vitrina; others become links', () => {
    expect(renderMarkdown('![логотип](/logo.png)')).toContain('<img src="/logo.png" alt="логотип">')
    const external = renderMarkdown('![пиксель](https://tracker.example/p.gif)')
    expect(external).not.toContain('<img')
    expect(external).toContain('rel="noopener noreferrer"')
    expect(renderMarkdown('![x](javascript:alert(1))')).not.toMatch(/<img|<a/)
  })

  it('escapes quotes in attributes so a title cannot break out', () => {
    const html = renderMarkdown('[a](https://example.com "x\\" onmouseover=\\"alert(1)")')
    expect(html).not.toMatch(/" onmouseover=/)
  })
})
