import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Session } from '../domain/auth'
import { getProfile, type HistoryFilter, history, listAccounts } from '../domain/queries'
import { BankError } from '../errors'
import { parseInput } from './api-routes'
import { type BankAppContext, LANG_COOKIE } from './app'
import type { SafeHtml } from './html'
import { parseLang, translator } from './i18n'
import { accountsView } from './views/accounts'
import { historyView } from './views/history'
import { layout, type Page } from './views/layout'
import { loginView } from './views/login'
import { fullName, profileView } from './views/profile'
import { transferView } from './views/transfer'

const historyPageQuery = z.object({
  accountId: z.coerce.number().int().positive().nullable().default(null),
  kind: z.enum(['transfer', 'deposit', 'withdrawal']).nullable().default(null),
  from: z.iso.date().nullable().default(null),
  to: z.iso.date().nullable().default(null),
  before: z.coerce.number().int().positive().nullable().default(null),
})

function send(request: FastifyRequest, reply: FastifyReply, page: Page, title: string, body: SafeHtml) {
  // ?lang= also sticks as a cookie, so the choice survives navigation.
  const chosen = parseLang((request.query as Record<string, unknown>).lang)
  if (chosen !== null)
    reply.setCookie(LANG_COOKIE, chosen, { path: '/', sameSite: 'lax', maxAge: 365 * 86_400 })
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      layout({
        lang: request.lang,
        title,
        page,
        url: request.url,
        csrfToken: request.bankSession?.csrfToken ?? null,
        body,
      }).value,
    )
}

/** Pages need a session; without one the browser goes to the login page. */
function sessionOrRedirect(request: FastifyRequest, reply: FastifyReply): Session | null {
  if (request.bankSession !== null) return request.bankSession
  void reply.redirect('/login')
  return null
}

export function registerPageRoutes(app: FastifyInstance, ctx: BankAppContext): void {
  const { pool } = ctx.db

  app.get('/', async (request, reply) => reply.redirect(request.bankSession ? '/accounts' : '/login'))

  app.get('/login', async (request, reply) => {
    if (request.bankSession !== null) return reply.redirect('/accounts')
    const t = translator(request.lang)
    return send(request, reply, 'login', t('loginTitle'), loginView(request.lang))
  })

  app.get('/accounts', async (request, reply) => {
    const session = sessionOrRedirect(request, reply)
    if (session === null) return reply
    const [accounts, profile] = await Promise.all([
      listAccounts(pool, session.customerId),
      getProfile(pool, session.customerId),
    ])
    const t = translator(request.lang)
    const name = profile === null ? '' : fullName(profile)
    return send(request, reply, 'accounts', t('accountsTitle'), accountsView(request.lang, accounts, name))
  })

  app.get('/history', async (request, reply) => {
    const session = sessionOrRedirect(request, reply)
    if (session === null) return reply
    const query = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).filter(([k, v]) => v !== '' && k !== 'lang'),
    )
    const parsed = parseInput(historyPageQuery, query)
    const filter: HistoryFilter = { ...parsed, limit: 25 }
    const [accounts, page] = await Promise.all([
      listAccounts(pool, session.customerId),
      history(pool, session.customerId, filter),
    ])
    const t = translator(request.lang)
    return send(
      request,
      reply,
      'history',
      t('historyTitle'),
      historyView(request.lang, accounts, filter, page),
    )
  })

  app.get('/transfer', async (request, reply) => {
    const session = sessionOrRedirect(request, reply)
    if (session === null) return reply
    const from = Number((request.query as Record<string, unknown>).from)
    const accounts = await listAccounts(pool, session.customerId)
    const t = translator(request.lang)
    const fromId = Number.isInteger(from) && from > 0 ? from : null
    return send(request, reply, 'transfer', t('transferTitle'), transferView(request.lang, accounts, fromId))
  })

  app.get('/profile', async (request, reply) => {
    const session = sessionOrRedirect(request, reply)
    if (session === null) return reply
    const profile = await getProfile(pool, session.customerId)
    if (profile === null) throw new BankError('BANK_NOT_FOUND', 404, 'Customer not found')
    const t = translator(request.lang)
    return send(request, reply, 'profile', t('profileTitle'), profileView(request.lang, profile))
  })
}
