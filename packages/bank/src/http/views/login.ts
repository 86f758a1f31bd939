import { html, type SafeHtml } from '../html'
import { type Lang, translator } from '../i18n'

export function loginView(lang: Lang): SafeHtml {
  const t = translator(lang)
  return html`<section class="panel narrow login-panel">
  <h1>${t('loginTitle')}</h1>
  <form data-form="login" method="post" action="/api/login" novalidate>
    <label for="login">${t('loginLabel')}</label>
    <input id="login" name="login" autocomplete="username" required maxlength="64" autofocus>
    <label for="password">${t('passwordLabel')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <p class="form-error" data-role="error" role="alert" hidden></p>
    <button type="submit" class="button primary wide">${t('loginButton')}</button>
  </form>
  <p class="hint">${t('loginHint')}</p>
</section>`
}
