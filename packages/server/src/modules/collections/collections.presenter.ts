import type { ApiCollection, CollectionAccess, CollectionGrant } from '@vitrina/contracts'
import type { DbCollection, DbCollectionPermission } from '../../db/schema'

export function presentCollection(
  row: DbCollection,
  access: CollectionAccess,
  parentVisible: boolean,
): ApiCollection {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    parentId: parentVisible ? row.parent_id : null,
    access,
    createdAt: row.created_at.toISOString(),
  }
}

export function presentGrant(row: DbCollectionPermission): CollectionGrant {
  return { subjectType: row.subject_type, subjectId: row.subject_id, level: row.level }
}
