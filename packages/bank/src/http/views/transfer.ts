import { randomUUID } from 'node:crypto'
import type { AccountView } from '../../domain/queries'
import { formatAccountNumber, formatMoney } from '../format'
import { html, type SafeHtml } from '../html'
import { type Lang, translator } from '../i18n'

export function transferView(lang: Lang, accounts: AccountView[], fromId: number | null): SafeHtml {
  const t = translator(lang)
  const sources = accounts.filter((a) => a.status === 'open')
  // A fresh key per rendered form: a double click or a retry after a timeout reuses it, so the
  // server executes the transfer once.
  const key = randomUUID()
  return html`<div class="page-head"><h1>${t('transferTitle')}</h1></div>
<section class="panel narrow">
  <form data-form="transfer" data-idempotency-key="${key}" method="post" action="/api/transfers" novalidate>
    <label for="fromAccountId">${t('transferFrom')}</label>
    <select id="fromAccountId" name="fromAccountId" required>
      ${sources.map(
        (a) =>
          html`<option value="${a.id}"${a.id === fromId ? html` selected` : null}>${a.typeName} ··${a.number.slice(-4)} — ${formatMoney(a.balance, a.currency, lang)}</option>`,
      )}
    </select>
    <label for="toAccountNumber">${t('transferTo')}</label>
    <input id="toAccountNumber" name="toAccountNumber" inputmode="numeric" autocomplete="off" list="own-accounts" required placeholder="40817 810 0 0000 0000000">
    <datalist id="own-accounts">
      ${accounts.map((a) => html`<option value="${a.number}">${a.typeName} · ${formatAccountNumber(a.number)}</option>`)}
    </datalist>
    <p class="hint">${t('transferToHint')}</p>
    <label for="amount">${t('transferAmount')}</label>
    <input id="amount" name="amount" inputmode="decimal" autocomplete="off" required placeholder="0,00">
    <label for="description">${t('transferDescription')}</label>
    <input id="description" name="description" maxlength="140" autocomplete="off">
    <p class="form-error" data-role="error" role="alert" hidden></p>
    <button type="submit" class="button primary wide">${t('transferSubmit')}</button>
  </form>
  <div class="success" data-role="success" role="status" hidden>
    <h2>${t('transferDone')}</h2>
    <p class="success-amount" data-role="success-amount"></p>
    <p><a class="button" href="/history">${t('navHistory')}</a> <a class="button primary" href="/transfer">${t('transferAnother')}</a></p>
  </div>
</section>`
}
