import type { Kysely } from 'kysely'
import type { DbGroup, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>
export type GroupWithCount = DbGroup & { member_count: number }

export function createGroupsRepo(db: SystemDb) {
  const withCounts = (conn: Db) =>
    conn
      .selectFrom('groups')
      .leftJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups')
      .select((eb) => eb.fn.count<string>('group_members.user_id').as('member_count'))
      .groupBy('groups.id')

  const toGroup = (row: DbGroup & { member_count: string | number | bigint }): GroupWithCount => ({
    ...row,
    member_count: Number(row.member_count),
  })

  return {
    async list(): Promise<GroupWithCount[]> {
      return (await withCounts(db).orderBy('groups.name').execute()).map(toGroup)
    },
    async find(id: string, conn: Db = db): Promise<GroupWithCount | null> {
      const row = await withCounts(conn).where('groups.id', '=', id).executeTakeFirst()
      return row ? toGroup(row) : null
    },
    async findByName(name: string): Promise<DbGroup | null> {
      return (await db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst()) ?? null
    },
    async insert(group: { id: string; name: string; description: string }, conn: Db = db): Promise<void> {
      await conn.insertInto('groups').values(group).execute()
    },
    async update(id: string, patch: { name: string; description: string }, conn: Db = db): Promise<void> {
      await conn.updateTable('groups').set(patch).where('id', '=', id).execute()
    },
    async delete(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('groups').where('id', '=', id).execute()
    },
    async memberIds(id: string, conn: Db = db): Promise<string[]> {
      const rows = await conn
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', id)
        .execute()
      return rows.map((r) => r.user_id)
    },
    async replaceMembers(id: string, userIds: string[], conn: Db = db): Promise<void> {
      await conn.deleteFrom('group_members').where('group_id', '=', id).execute()
      const rows = [...new Set(userIds)].map((userId) => ({ group_id: id, user_id: userId }))
      if (rows.length > 0) await conn.insertInto('group_members').values(rows).execute()
    },
  }
}

export type GroupsRepo = ReturnType<typeof createGroupsRepo>
