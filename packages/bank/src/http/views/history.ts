import type { AccountView, HistoryFilter, HistoryPage } from '../../domain/queries'
import { formatAccountNumber, formatDateTime, formatMoney } from '../format'
import { html, type SafeHtml } from '../html'
import { type Lang, translator } from '../i18n'

const KINDS = ['transfer', 'deposit', 'withdrawal'] as const

export function historyView(
  lang: Lang,
  accounts: AccountView[],
  filter: HistoryFilter,
  page: HistoryPage,
): SafeHtml {
  const t = translator(lang)
  const query = (before: number | null) => {
    const params = new URLSearchParams()
    if (filter.accountId !== null) params.set('accountId', String(filter.accountId))
    if (filter.kind !== null) params.set('kind', filter.kind)
    if (filter.from !== null) params.set('from', filter.from)
    if (filter.to !== null) params.set('to', filter.to)
    if (before !== null) params.set('before', String(before))
    const text = params.toString()
    return text === '' ? '/history' : `/history?${text}`
  }
  return html`<div class="page-head"><h1>${t('historyTitle')}</h1></div>
<form class="filters panel" method="get" action="/history">
  <label>${t('filterAccount')}
    <select name="accountId">
      <option value="">${t('allAccounts')}</option>
      ${accounts.map(
        (a) =>
          html`<option value="${a.id}"${filter.accountId === a.id ? html` selected` : null}>${a.typeName} ·${a.number.slice(-4)} (${a.currency})</option>`,
      )}
    </select>
  </label>
  <label>${t('filterKind')}
    <select name="kind">
      <option value="">${t('allKinds')}</option>
      ${KINDS.map((k) => html`<option value="${k}"${filter.kind === k ? html` selected` : null}>${t(`kind_${k}`)}</option>`)}
    </select>
  </label>
  <label>${t('filterFrom')} <input type="date" name="from" value="${filter.from ?? ''}"></label>
  <label>${t('filterTo')} <input type="date" name="to" value="${filter.to ?? ''}"></label>
  <div class="filter-actions">
    <button class="button primary" type="submit">${t('filterApply')}</button>
    <a class="button" href="/history">${t('filterReset')}</a>
  </div>
</form>
${
  page.items.length === 0
    ? html`<p class="panel empty">${t('noOperations')}</p>`
    : html`<table class="ledger" data-testid="history">
  <thead><tr><th>${t('colDate')}</th><th>${t('colOperation')}</th><th>${t('colAccount')}</th><th>${t('colCounterparty')}</th><th class="num">${t('colAmount')}</th></tr></thead>
  <tbody>
  ${page.items.map((item) => {
    const positive = !item.amount.startsWith('-')
    return html`<tr data-operation-id="${item.operationId}">
    <td class="nowrap">${formatDateTime(new Date(item.createdAt), lang)}</td>
    <td><span class="kind kind-${item.kind}">${t(`kind_${item.kind}`)}</span>${item.description ? html`<div class="muted small">${item.description}</div>` : null}</td>
    <td class="nowrap mono">··${item.accountNumber.slice(-4)}</td>
    <td class="mono small">${item.counterpartyIsCashDesk ? t('cashDesk') : item.counterpartyAccountNumber ? formatAccountNumber(item.counterpartyAccountNumber) : '—'}</td>
    <td class="num nowrap ${positive ? 'credit' : 'debit'}">${positive ? '+' : ''}${formatMoney(item.amount, item.currency, lang)}</td>
  </tr>`
  })}
  </tbody>
</table>`
}
<nav class="pager">
  ${filter.before !== null ? html`<a href="${query(null)}">${t('firstPage')}</a>` : null}
  ${page.nextCursor !== null ? html`<a href="${query(page.nextCursor)}" rel="next">${t('olderPage')}</a>` : null}
</nav>`
}
