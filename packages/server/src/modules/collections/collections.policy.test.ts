import { describe, expect, it } from 'vitest'
import { CollectionAccessMap, type Grant } from './collections.policy'

const nodes = [
  { id: 'root', parentId: null },
  { id: 'sales', parentId: 'root' },
  { id: 'sales-2026', parentId: 'sales' },
  { id: 'hr', parentId: null },
]
const grant = (
  collectionId: string,
  subjectType: 'user' | 'group',
  subjectId: string,
  level: 'view' | 'edit',
): Grant => ({
  collectionId,
  subjectType,
  subjectId,
  level,
})

describe('collection access', () => {
  it('is closed by default and open to admins', () => {
    const none = new CollectionAccessMap({ id: 'u', role: 'analyst', groupIds: new Set() }, nodes, [])
    expect(none.visibleIds()).toEqual([])
    expect(none.levelOf('root')).toBeNull()
    const admin = new CollectionAccessMap({ id: 'a', role: 'admin', groupIds: new Set() }, nodes, [])
    expect(admin.visibleIds()).toHaveLength(4)
    expect(admin.can('hr', 'edit')).toBe(true)
  })

  it('inherits grants down the tree and takes the strongest of user and group grants', () => {
    const access = new CollectionAccessMap({ id: 'u', role: 'viewer', groupIds: new Set(['g']) }, nodes, [
      grant('root', 'group', 'g', 'view'),
      grant('sales', 'user', 'u', 'edit'),
      grant('hr', 'user', 'someone-else', 'edit'),
    ])
    expect(access.levelOf('root')).toBe('view')
    expect(access.levelOf('sales')).toBe('edit')
    expect(access.levelOf('sales-2026')).toBe('edit')
    expect(access.levelOf('hr')).toBeNull()
    expect(access.can('root', 'edit')).toBe(false)
    expect(access.can('root', 'view')).toBe(true)
    expect(access.levelOf('missing')).toBeNull()
  })

  it('detects moves that would make a cycle', () => {
    const access = new CollectionAccessMap({ id: 'a', role: 'admin', groupIds: new Set() }, nodes, [])
    expect(access.isSelfOrDescendant('root', 'sales-2026')).toBe(true)
    expect(access.isSelfOrDescendant('root', 'root')).toBe(true)
    expect(access.isSelfOrDescendant('sales', 'hr')).toBe(false)
  })
})
