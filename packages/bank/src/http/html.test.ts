import { describe, expect, it } from 'vitest'
import { html, raw } from './html'

describe('html', () => {
  it('escapes interpolated text but keeps nested html and raw values', () => {
    const name = '<script>alert("x")</script>'
    const row = html`<td>${name}</td>`
    expect(html`<tr>${row}${[html`<b>${'&'}</b>`, null, false]}${raw('<i>ok</i>')}</tr>`.value).toBe(
      '<tr><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td><b>&amp;</b><i>ok</i></tr>',
    )
  })
})
