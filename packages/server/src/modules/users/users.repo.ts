import type { Kysely } from 'kysely'
import type { DbUser, DbUserUpdate, NewDbUser, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'
import { NotFoundError } from '../../http/errors'

export interface UserDetail extends DbUser {
  attributes: Record<string, string>
  groups: { id: string; name: string }[]
}

type Db = Kysely<SystemDatabase>

export function createUsersRepo(db: SystemDb) {
  async function details(rows: DbUser[], conn: Db): Promise<UserDetail[]> {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const [attributes, memberships] = await Promise.all([
      conn.selectFrom('user_attributes').selectAll().where('user_id', 'in', ids).execute(),
      conn
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .select(['group_members.user_id', 'groups.id', 'groups.name'])
        .where('group_members.user_id', 'in', ids)
        .orderBy('groups.name')
        .execute(),
    ])
    return rows.map((row) => ({
      ...row,
      attributes: Object.fromEntries(
        attributes.filter((a) => a.user_id === row.id).map((a) => [a.key, a.value] as const),
      ),
      groups: memberships.filter((m) => m.user_id === row.id).map((m) => ({ id: m.id, name: m.name })),
    }))
  }

  const repo = {
    async findByEmail(email: string, conn: Db = db): Promise<DbUser | null> {
      return (
        (await conn.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()) ?? null
      )
    },

    async findById(id: string, conn: Db = db): Promise<DbUser | null> {
      return (await conn.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    },

    async getDetail(id: string, conn: Db = db): Promise<UserDetail> {
      const row = await repo.findById(id, conn)
      if (!row) throw new NotFoundError('User')
      const [detail] = await details([row], conn)
      return detail!
    },

    async list(): Promise<UserDetail[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('email').execute()
      return details(rows, db)
    },

    async insert(user: NewDbUser, conn: Db = db): Promise<void> {
      await conn.insertInto('users').values(user).execute()
    },

    async update(id: string, patch: DbUserUpdate, conn: Db = db): Promise<void> {
      await conn
        .updateTable('users')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .execute()
    },

    async replaceAttributes(
      userId: string,
      attributes: Record<string, string>,
      conn: Db = db,
    ): Promise<void> {
      await conn.deleteFrom('user_attributes').where('user_id', '=', userId).execute()
      const rows = Object.entries(attributes).map(([key, value]) => ({ user_id: userId, key, value }))
      if (rows.length > 0) await conn.insertInto('user_attributes').values(rows).execute()
    },

    async replaceGroups(userId: string, groupIds: string[], conn: Db = db): Promise<void> {
      await conn.deleteFrom('group_members').where('user_id', '=', userId).execute()
      const rows = [...new Set(groupIds)].map((groupId) => ({ group_id: groupId, user_id: userId }))
      if (rows.length > 0) await conn.insertInto('group_members').values(rows).execute()
    },

    async countActiveAdmins(conn: Db = db): Promise<number> {
      const row = await conn
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('role', '=', 'admin')
        .where('is_active', '=', true)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async count(conn: Db = db): Promise<number> {
      const row = await conn
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
  return repo
}

export type UsersRepo = ReturnType<typeof createUsersRepo>
