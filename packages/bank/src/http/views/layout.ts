import type { FastifyRequest } from 'fastify'
import type { BankError } from '../../errors'
import { html, raw, type SafeHtml } from '../html'
import { errorMessages, type Lang, type MessageKey, translator } from '../i18n'

export type Page = 'login' | 'accounts' | 'history' | 'transfer' | 'profile' | 'error'

export interface LayoutInput {
  lang: Lang
  title: string
  page: Page
  /** Current path with query, used for the language links. */
  url: string
  csrfToken: string | null
  body: SafeHtml
}

const NAV: { page: Page; href: string; key: MessageKey }[] = [
  { page: 'accounts', href: '/accounts', key: 'navAccounts' },
  { page: 'history', href: '/history', key: 'navHistory' },
  { page: 'transfer', href: '/transfer', key: 'navTransfer' },
  { page: 'profile', href: '/profile', key: 'navProfile' },
]

function langHref(url: string, lang: Lang): string {
  const parsed = new URL(url, 'http://bank.local')
  parsed.searchParams.set('lang', lang)
  return `${parsed.pathname}${parsed.search}`
}

/** Data for bank.js in a JSON block: not executed, so the CSP stays `script-src 'self'`. */
function clientData(lang: Lang): SafeHtml {
  const t = translator(lang)
  const json = JSON.stringify({ lang, errors: errorMessages(lang), processing: t('processing') })
  return raw(json.replaceAll('<', '\\u003c'))
}

export function layout(input: LayoutInput): SafeHtml {
  const t = translator(input.lang)
  const signedIn = input.csrfToken !== null
  return html`<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} — ${t('bankName')}</title>
<link rel="stylesheet" href="/assets/bank.css">
<link rel="icon" href="data:,">
${signedIn ? html`<meta name="csrf-token" content="${input.csrfToken}">` : null}
<script type="application/json" id="bank-data">${clientData(input.lang)}</script>
<script src="/assets/bank.js" defer></script>
</head>
<body class="page-${input.page}">
<header class="topbar">
  <div class="wrap topbar-inner">
    <a class="brand" href="${signedIn ? '/accounts' : '/login'}"><span class="brand-mark" aria-hidden="true">В</span><span>${t('bankName')}</span></a>
    ${
      signedIn
        ? html`<nav class="nav" aria-label="main">${NAV.map(
            (item) =>
              html`<a href="${item.href}" class="${item.page === input.page ? 'active' : ''}"${item.page === input.page ? raw(' aria-current="page"') : null}>${t(item.key)}</a>`,
          )}</nav>`
        : html`<span class="tagline">${t('tagline')}</span>`
    }
    <div class="topbar-tools">
      <span class="lang-switch">${(['ru', 'en'] as const).map((lang) =>
        lang === input.lang
          ? html`<strong>${lang.toUpperCase()}</strong>`
          : html`<a href="${langHref(input.url, lang)}" hreflang="${lang}">${lang.toUpperCase()}</a>`,
      )}</span>
      ${signedIn ? html`<button type="button" class="link-button" data-action="logout">${t('logout')}</button>` : null}
    </div>
  </div>
</header>
<main class="wrap">
${input.body}
</main>
<footer class="footer"><div class="wrap">© ${t('bankName')} · ${t('footer')}</div></footer>
</body>
</html>`
}

export function errorPage(request: FastifyRequest, error: BankError): SafeHtml {
  const t = translator(request.lang)
  const title = error.status === 404 ? t('notFoundTitle') : t('errorTitle')
  return layout({
    lang: request.lang,
    title,
    page: 'error',
    url: request.url,
    csrfToken: request.bankSession?.csrfToken ?? null,
    body: html`<section class="panel narrow">
  <h1>${title}</h1>
  <p>${errorMessages(request.lang)[error.code]}</p>
  <p class="muted">Request ID: <code>${request.id}</code></p>
  <p><a class="button" href="/">${t('backHome')}</a></p>
</section>`,
  })
}
