import type { CollectionAccess, Role } from '@vitrina/contracts'

export interface CollectionNode {
  id: string
  parentId: string | null
}

export interface Grant {
  collectionId: string
  subjectType: 'user' | 'group'
  subjectId: string
  level: CollectionAccess
}

export interface Subject {
  id: string
  role: Role
  groupIds: ReadonlySet<string>
}

/**
 * Who sees what, computed once per request from every collection and grant (small tables).
 * Admins edit everything; anyone else gets the strongest grant to them or their groups on the
 * collection or any ancestor. No grant anywhere up the tree: no access (closed by default).
 */
export class CollectionAccessMap {
  private readonly nodes: Map<string, CollectionNode>
  private readonly direct = new Map<string, CollectionAccess>()
  private readonly memo = new Map<string, CollectionAccess | null>()

  constructor(
    private readonly subject: Subject,
    nodes: readonly CollectionNode[],
    grants: readonly Grant[],
  ) {
    this.nodes = new Map(nodes.map((n) => [n.id, n]))
    for (const g of grants) {
      const applies =
        g.subjectType === 'user' ? g.subjectId === subject.id : subject.groupIds.has(g.subjectId)
      if (applies)
        this.direct.set(g.collectionId, stronger(this.direct.get(g.collectionId) ?? null, g.level) ?? g.level)
    }
  }

  exists(id: string): boolean {
    return this.nodes.has(id)
  }

  levelOf(id: string): CollectionAccess | null {
    if (!this.nodes.has(id)) return null
    if (this.subject.role === 'admin') return 'edit'
    const known = this.memo.get(id)
    if (known !== undefined) return known
    let level: CollectionAccess | null = null
    const seen = new Set<string>()
    for (let node = this.nodes.get(id); node && !seen.has(node.id); node = this.parentOf(node)) {
      seen.add(node.id)
      level = stronger(level, this.direct.get(node.id) ?? null)
      if (level === 'edit') break
    }
    this.memo.set(id, level)
    return level
  }

  can(id: string, wanted: CollectionAccess): boolean {
    const level = this.levelOf(id)
    return level === 'edit' || (level === 'view' && wanted === 'view')
  }

  visibleIds(): string[] {
    return [...this.nodes.keys()].filter((id) => this.levelOf(id) !== null)
  }

  /** True when `candidate` is `id` itself or lies below it: moving `id` under it would make a cycle. */
  isSelfOrDescendant(id: string, candidate: string): boolean {
    const seen = new Set<string>()
    for (let node = this.nodes.get(candidate); node && !seen.has(node.id); node = this.parentOf(node)) {
      if (node.id === id) return true
      seen.add(node.id)
    }
    return false
  }

  private parentOf(node: CollectionNode): CollectionNode | undefined {
    return node.parentId ? this.nodes.get(node.parentId) : undefined
  }
}

function stronger(a: CollectionAccess | null, b: CollectionAccess | null): CollectionAccess | null {
  if (a === 'edit' || b === 'edit') return 'edit'
  return a ?? b
}
