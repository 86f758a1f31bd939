import { minorToNumeric, numericToMinor } from '../../domain/money'
import type { AccountView } from '../../domain/queries'
import { formatAccountNumber, formatDate, formatDateTime, formatMoney } from '../format'
import { html, type SafeHtml } from '../html'
import { type Lang, type MessageKey, translator } from '../i18n'

const STATUS_KEYS: Record<string, MessageKey> = {
  open: 'statusOpen',
  frozen: 'statusFrozen',
  closed: 'statusClosed',
}

export function accountsView(lang: Lang, accounts: AccountView[], customerName: string): SafeHtml {
  const t = translator(lang)
  const totalRub = accounts
    .filter((a) => a.currency === 'RUB' && a.type !== 'credit')
    .reduce((sum, a) => sum + numericToMinor(a.balance), 0n)
  const total = minorToNumeric(totalRub)
  return html`<div class="page-head">
  <h1>${t('accountsTitle')}</h1>
  <p class="muted">${customerName}</p>
</div>
<section class="summary">
  <span class="summary-label">${t('totalRub')}</span>
  <span class="summary-value" data-testid="total-rub">${formatMoney(total, 'RUB', lang)}</span>
</section>
<section class="account-grid">
${accounts.map(
  (a) => html`<article class="account-card account-${a.type}" data-account-id="${a.id}">
  <header>
    <h2>${a.typeName}</h2>
    <span class="badge status-${a.status}">${t(STATUS_KEYS[a.status] ?? 'statusOpen')}</span>
  </header>
  <p class="account-number">${formatAccountNumber(a.number)}</p>
  <p class="account-balance" data-testid="balance-${a.number}">${formatMoney(a.balance, a.currency, lang)}</p>
  ${a.type === 'credit' ? html`<p class="muted">${t('creditLimit')}: ${formatMoney(a.creditLimit, a.currency, lang)}</p>` : null}
  <dl class="facts">
    <dt>${t('branch')}</dt><dd>${a.branch.name}</dd>
    <dt>${t('openedAt')}</dt><dd>${formatDateTime(new Date(a.openedAt), lang)}</dd>
  </dl>
  <div class="cards">${
    a.cards.length === 0
      ? html`<span class="muted">${t('noCards')}</span>`
      : a.cards.map(
          (c) =>
            html`<span class="bank-card card-${c.paymentSystem}"><span>${c.maskedNumber}</span><small>${c.paymentSystem.toUpperCase()} · ${formatDate(c.expiresOn, lang).slice(3)}</small></span>`,
        )
  }</div>
  <footer class="account-actions">
    <a href="/history?accountId=${a.id}">${t('navHistory')}</a>
    ${a.status === 'open' ? html`<a href="/transfer?from=${a.id}">${t('navTransfer')}</a>` : null}
  </footer>
</article>`,
)}
</section>`
}
