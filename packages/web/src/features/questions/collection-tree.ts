import type { ApiCollection } from '@vitrina/contracts'

export interface CollectionNode {
  collection: ApiCollection
  children: CollectionNode[]
}

/** Nests the flat list the API returns; a collection whose parent the user cannot see is a root. */
export function collectionTree(collections: ApiCollection[]): CollectionNode[] {
  const nodes = new Map(collections.map((c) => [c.id, { collection: c, children: [] as CollectionNode[] }]))
  const roots: CollectionNode[] = []
  for (const node of nodes.values()) {
    const parent = node.collection.parentId ? nodes.get(node.collection.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** "Sales / 2026 / Moscow" for pickers. */
export function collectionPath(collections: ApiCollection[], id: string): string {
  const byId = new Map(collections.map((c) => [c.id, c]))
  const names: string[] = []
  const seen = new Set<string>()
  for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) {
    seen.add(c.id)
    names.unshift(c.name)
  }
  return names.join(' / ')
}
