import type { Profile } from '../../domain/queries'
import { formatDate, formatDateTime } from '../format'
import { html, type SafeHtml } from '../html'
import { type Lang, translator } from '../i18n'

export function fullName(profile: Profile): string {
  return [profile.lastName, profile.firstName, profile.middleName].filter((part) => part !== null).join(' ')
}

export function profileView(lang: Lang, profile: Profile): SafeHtml {
  const t = translator(lang)
  return html`<div class="page-head"><h1>${t('profileTitle')}</h1></div>
<section class="profile-grid">
  <article class="panel">
    <dl class="facts wide-facts">
      <dt>${t('fullName')}</dt><dd data-testid="full-name">${fullName(profile)}</dd>
      <dt>${t('birthDate')}</dt><dd>${formatDate(profile.birthDate, lang)}</dd>
      <dt>${t('login')}</dt><dd class="mono">${profile.login}</dd>
      <dt>${t('customerSince')}</dt><dd>${formatDateTime(new Date(profile.customerSince), lang)}</dd>
      <dt>${t('homeBranch')}</dt><dd>${profile.homeBranch.name}<br><span class="muted small">${profile.homeBranch.city}, ${profile.homeBranch.address} · ${profile.homeBranch.region}</span></dd>
    </dl>
  </article>
  <article class="panel">
    <h2>${t('contacts')}</h2>
    <dl class="facts wide-facts">
    ${profile.contacts.map(
      (c) =>
        html`<dt>${c.kind === 'email' ? t('email') : t('phone')}</dt><dd>${c.value}${c.verified ? html` <span class="badge status-open">${t('verified')}</span>` : null}</dd>`,
    )}
    </dl>
    <h2>${t('addresses')}</h2>
    <dl class="facts wide-facts">
    ${profile.addresses.map(
      (a) =>
        html`<dt>${t(`address_${a.kind}` as 'address_registration')}</dt><dd>${[a.postalCode, a.city, a.street, `${lang === 'ru' ? 'д.' : 'bldg'} ${a.house}`, a.apartment === null ? null : `${lang === 'ru' ? 'кв.' : 'apt'} ${a.apartment}`].filter((p) => p !== null).join(', ')}</dd>`,
    )}
    </dl>
  </article>
</section>`
}
