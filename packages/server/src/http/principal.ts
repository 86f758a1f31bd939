import type { Role } from '@vitrina/contracts'

/** Who is making a request, resolved once per request by the auth hook. */
export interface Principal {
  user: { id: string; email: string; name: string; role: Role; locale: 'ru' | 'en' | null }
  via: 'session' | 'api_key'
  /** Present for cookie sessions only; API-key requests are not exposed to CSRF. */
  session: { idHash: string; csrfToken: string } | null
}

/** What services need to know about the caller for permission checks and the audit log. */
export interface Actor {
  id: string
  email: string
  role: Role
  ip: string | null
}

export function actorOf(principal: Principal, ip: string | null): Actor {
  return { id: principal.user.id, email: principal.user.email, role: principal.user.role, ip }
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 }

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast]
}
