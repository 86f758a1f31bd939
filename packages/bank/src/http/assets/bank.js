// Bank pages: forms post JSON to the API. Loaded from /assets (CSP script-src 'self'), no inline code.
;(() => {
  const data = JSON.parse(document.getElementById('bank-data')?.textContent || '{}')
  const csrfMeta = document.querySelector('meta[name="csrf-token"]')
  const csrf = csrfMeta ? csrfMeta.getAttribute('content') : ''

  const message = (body, fallback) => {
    const code = body?.error?.code
    return (code && data.errors?.[code]) || body?.error?.message || fallback
  }

  const SYMBOLS = { RUB: '₽', USD: '$', EUR: '€', CNY: '¥' }
  // "2500.75" -> "2 500,75 ₽" (ru) or "2,500.75 ₽" (en), like the server-side formatter.
  const formatMoney = (amount, currency) => {
    const [whole, fraction = '00'] = amount.replace('-', '').split('.')
    const ru = data.lang === 'ru'
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ru ? '\u00a0' : ',')
    return `${grouped}${ru ? ',' : '.'}${fraction}\u00a0${SYMBOLS[currency] || currency}`
  }

  const newKey = () => {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID()
    const bytes = new Uint8Array(16)
    window.crypto.getRandomValues(bytes)
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  }

  async function postJson(url, body, headers) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: Object.assign(
        { 'content-type': 'application/json', 'x-csrf-token': csrf || '' },
        headers || {},
      ),
      body: body === null ? undefined : JSON.stringify(body),
    })
    let parsed = null
    if (response.status !== 204) parsed = await response.json().catch(() => null)
    return { status: response.status, ok: response.ok, body: parsed }
  }

  function showError(form, text) {
    const box = form.querySelector('[data-role="error"]')
    if (!box) return
    box.textContent = text
    box.hidden = text === ''
  }

  function busy(form, on) {
    const button = form.querySelector('button[type="submit"]')
    if (!button) return
    if (on) {
      button.dataset.label = button.textContent
      button.textContent = data.processing || '…'
    } else if (button.dataset.label) {
      button.textContent = button.dataset.label
    }
    button.disabled = on
  }

  const loginForm = document.querySelector('form[data-form="login"]')
  if (loginForm) {
    loginForm.addEventListener('submit', async (event) => {
      event.preventDefault()
      showError(loginForm, '')
      busy(loginForm, true)
      try {
        const result = await postJson(
          '/api/login',
          { login: loginForm.elements.login.value, password: loginForm.elements.password.value },
          null,
        )
        if (result.ok) {
          window.location.assign('/accounts')
          return
        }
        showError(loginForm, message(result.body, 'Error'))
      } catch {
        showError(loginForm, message(null, 'Network error'))
      }
      busy(loginForm, false)
    })
  }

  const transferForm = document.querySelector('form[data-form="transfer"]')
  if (transferForm) {
    transferForm.addEventListener('submit', async (event) => {
      event.preventDefault()
      showError(transferForm, '')
      busy(transferForm, true)
      const f = transferForm.elements
      const description = f.description.value.trim()
      const body = {
        fromAccountId: Number(f.fromAccountId.value),
        toAccountNumber: f.toAccountNumber.value.replace(/\s+/g, ''),
        amount: f.amount.value.replace(/[\s\u00a0]/g, '').replace(',', '.'),
        description: description === '' ? null : description,
      }
      try {
        const result = await postJson('/api/transfers', body, {
          'idempotency-key': transferForm.dataset.idempotencyKey,
        })
        if (result.status === 401) {
          window.location.assign('/login')
          return
        }
        if (result.ok) {
          const amount = transferForm.parentElement.querySelector('[data-role="success-amount"]')
          const credit = result.body.operation.postings[1]
          if (amount && credit)
            amount.textContent = `${formatMoney(credit.amount, credit.currency)} → ${body.toAccountNumber}`
          transferForm.hidden = true
          transferForm.parentElement.querySelector('[data-role="success"]').hidden = false
          return
        }
        // The server answered, so this key is spent; a corrected form is a new request.
        transferForm.dataset.idempotencyKey = newKey()
        showError(transferForm, message(result.body, 'Error'))
      } catch {
        // No answer: keep the key, so pressing the button again cannot transfer twice.
        showError(transferForm, message({ error: { code: 'BANK_INTERNAL' } }, 'Network error'))
      }
      busy(transferForm, false)
    })
  }

  for (const button of document.querySelectorAll('[data-action="logout"]')) {
    button.addEventListener('click', async () => {
      await postJson('/api/logout', null, null).catch(() => null)
      window.location.assign('/login')
    })
  }
})()
