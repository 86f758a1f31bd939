import { Typography } from '@mantine/core'
import { useMemo } from 'react'
import { renderMarkdown } from './markdown'

/** Markdown text drawn with Mantine's typography styles; the HTML comes from `renderMarkdown`, which escapes raw HTML. */
export function Markdown({ text, size }: { text: string; size?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text])
  return (
    <Typography fz={size ?? 'sm'} data-testid="markdown">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes raw HTML and unsafe URLs */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  )
}
