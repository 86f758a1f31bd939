import type { ApiUser, SessionUser } from '@vitrina/contracts'
import type { DbUser } from '../../db/schema'
import type { UserDetail } from './users.repo'

export function presentUser(user: UserDetail): ApiUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isActive: user.is_active,
    locale: user.locale,
    attributes: user.attributes,
    groups: user.groups,
    lastLoginAt: user.last_login_at?.toISOString() ?? null,
    createdAt: user.created_at.toISOString(),
  }
}

export function presentSessionUser(
  user: Pick<DbUser, 'id' | 'email' | 'name' | 'role' | 'locale'>,
): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale }
}
