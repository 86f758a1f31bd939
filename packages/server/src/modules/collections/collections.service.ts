import type {
  ApiCollection,
  CollectionAccess,
  CollectionGrant,
  CollectionPermissions,
  collectionBodySchema,
} from '@vitrina/contracts'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors'
import { type Actor, hasRole } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import { CollectionAccessMap } from './collections.policy'
import { presentCollection, presentGrant } from './collections.presenter'
import type { CollectionsRepo } from './collections.repo'

type CollectionInput = z.output<typeof collectionBodySchema>

export function createCollectionsService(deps: { db: SystemDb; repo: CollectionsRepo; audit: AuditRepo }) {
  /** Every collection and grant as the actor sees them; read once per request. */
  async function accessFor(actor: Actor): Promise<CollectionAccessMap> {
    const [collections, grants, groupIds] = await Promise.all([
      deps.repo.list(),
      deps.repo.allGrants(),
      actor.role === 'admin' ? Promise.resolve([]) : deps.repo.groupIdsOf(actor.id),
    ])
    return new CollectionAccessMap(
      { id: actor.id, role: actor.role, groupIds: new Set(groupIds) },
      collections.map((c) => ({ id: c.id, parentId: c.parent_id })),
      grants.map((g) => ({
        collectionId: g.collection_id,
        subjectType: g.subject_type,
        subjectId: g.subject_id,
        level: g.level,
      })),
    )
  }

  /** 404 when the actor cannot see it (no existence leak), 403 when they see it but may not edit. */
  async function requireAccess(
    actor: Actor,
    id: string,
    wanted: CollectionAccess,
  ): Promise<CollectionAccessMap> {
    const access = await accessFor(actor)
    const level = access.levelOf(id)
    if (level === null) throw new NotFoundError('Collection')
    if (wanted === 'edit' && level !== 'edit')
      throw new ForbiddenError('You may view this collection but not change it')
    return access
  }

  async function get(actor: Actor, id: string): Promise<ApiCollection> {
    const access = await requireAccess(actor, id, 'view')
    const row = await deps.repo.find(id)
    if (!row) throw new NotFoundError('Collection')
    return presentCollection(
      row,
      access.levelOf(id) ?? 'view',
      !!row.parent_id && access.levelOf(row.parent_id) !== null,
    )
  }

  async function grantCreatorEdit(id: string, actor: Actor, trx: Kysely<SystemDatabase>): Promise<void> {
    await deps.repo.upsertGrant(
      { collection_id: id, subject_type: 'user', subject_id: actor.id, level: 'edit' },
      trx,
    )
  }

  function requireAnalyst(actor: Actor): void {
    if (!hasRole(actor.role, 'analyst'))
      throw new ForbiddenError('Only analysts and admins create collections')
  }

  return {
    accessFor,
    requireAccess,
    get,

    async list(actor: Actor): Promise<ApiCollection[]> {
      const access = await accessFor(actor)
      return (await deps.repo.list()).flatMap((row) => {
        const level = access.levelOf(row.id)
        if (level === null) return []
        return [presentCollection(row, level, !!row.parent_id && access.levelOf(row.parent_id) !== null)]
      })
    },

    async create(actor: Actor, body: CollectionInput): Promise<ApiCollection> {
      requireAnalyst(actor)
      if (body.parentId) await requireAccess(actor, body.parentId, 'edit')
      const id = newId()
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert(
          {
            id,
            name: body.name,
            description: body.description,
            parent_id: body.parentId,
            created_by: actor.id,
          },
          trx,
        )
        // A top-level collection would otherwise be invisible to the analyst who made it.
        if (!body.parentId && actor.role !== 'admin') await grantCreatorEdit(id, actor, trx)
        await deps.audit.record(
          { action: 'collection.created', actor, target: { type: 'collection', id }, details: body },
          trx,
        )
      })
      return get(actor, id)
    },

    async update(actor: Actor, id: string, body: CollectionInput): Promise<ApiCollection> {
      const access = await requireAccess(actor, id, 'edit')
      const before = await deps.repo.find(id)
      if (!before) throw new NotFoundError('Collection')
      if (body.parentId !== before.parent_id) {
        if (body.parentId) {
          if (!access.exists(body.parentId) || access.levelOf(body.parentId) === null)
            throw new NotFoundError('Parent collection')
          if (!access.can(body.parentId, 'edit'))
            throw new ForbiddenError('You may not add to that collection')
          if (access.isSelfOrDescendant(id, body.parentId))
            throw new AppError(
              400,
              'COLLECTION_CYCLE',
              'A collection cannot be moved into itself or below itself',
            )
        }
      }
      const keepOwnAccess = actor.role !== 'admin' && !body.parentId && before.parent_id !== null
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.update(
          id,
          { name: body.name, description: body.description, parent_id: body.parentId },
          trx,
        )
        // Moved to the top, it no longer inherits the grant that let the actor edit it.
        if (keepOwnAccess) await grantCreatorEdit(id, actor, trx)
        await deps.audit.record(
          {
            action: 'collection.updated',
            actor,
            target: { type: 'collection', id },
            details: {
              before: { name: before.name, description: before.description, parentId: before.parent_id },
              after: body,
            },
          },
          trx,
        )
      })
      return get(actor, id)
    },

    async delete(actor: Actor, id: string): Promise<void> {
      await requireAccess(actor, id, 'edit')
      const before = await deps.repo.find(id)
      if (!before) throw new NotFoundError('Collection')
      await deps.db.transaction().execute(async (trx) => {
        const children = await deps.repo.countChildren(id, trx)
        if (children.collections > 0 || children.questions > 0)
          throw new ConflictError(
            'COLLECTION_NOT_EMPTY',
            `The collection still holds ${children.collections} collection(s) and ${children.questions} question(s)`,
          )
        await deps.repo.delete(id, trx)
        await deps.audit.record(
          {
            action: 'collection.deleted',
            actor,
            target: { type: 'collection', id },
            details: { name: before.name },
          },
          trx,
        )
      })
    },

    async permissions(actor: Actor, id: string): Promise<CollectionPermissions> {
      await requireAccess(actor, id, 'edit')
      return { grants: (await deps.repo.grantsOf(id)).map(presentGrant) }
    },

    async setPermissions(
      actor: Actor,
      id: string,
      grants: CollectionGrant[],
    ): Promise<CollectionPermissions> {
      await requireAccess(actor, id, 'edit')
      const unique = new Map(grants.map((g) => [`${g.subjectType}:${g.subjectId}`, g]))
      const list = [...unique.values()]
      const known = await deps.repo.existingSubjects(
        list.filter((g) => g.subjectType === 'user').map((g) => g.subjectId),
        list.filter((g) => g.subjectType === 'group').map((g) => g.subjectId),
      )
      const missing = list.filter(
        (g) => !(g.subjectType === 'user' ? known.users : known.groups).has(g.subjectId),
      )
      if (missing.length > 0)
        throw new AppError(
          400,
          'VALIDATION_FAILED',
          `Unknown ${missing.map((g) => `${g.subjectType} ${g.subjectId}`).join(', ')}`,
        )
      await deps.db.transaction().execute(async (trx) => {
        const before = (await deps.repo.grantsOf(id, trx)).map(presentGrant)
        await deps.repo.replaceGrants(
          id,
          list.map((g) => ({
            collection_id: id,
            subject_type: g.subjectType,
            subject_id: g.subjectId,
            level: g.level,
          })),
          trx,
        )
        await deps.audit.record(
          {
            action: 'collection.permissions_changed',
            actor,
            target: { type: 'collection', id },
            details: { before, after: list },
          },
          trx,
        )
      })
      return { grants: (await deps.repo.grantsOf(id)).map(presentGrant) }
    },
  }
}

export type CollectionsService = ReturnType<typeof createCollectionsService>
