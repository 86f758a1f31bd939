import { NavLink } from '@mantine/core'
import { IconFolder, IconFolderOpen, IconStack2 } from '@tabler/icons-react'
import type { ApiCollection } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { type CollectionNode, collectionTree } from './collection-tree'

interface Props {
  collections: ApiCollection[]
  selected: string | null
  onSelect(id: string | null): void
}

export function CollectionsTree({ collections, selected, onSelect }: Props) {
  const { t } = useTranslation()
  const render = (node: CollectionNode) => (
    <NavLink
      key={node.collection.id}
      label={node.collection.name}
      leftSection={selected === node.collection.id ? <IconFolderOpen size={16} /> : <IconFolder size={16} />}
      active={selected === node.collection.id}
      defaultOpened
      onClick={() => onSelect(node.collection.id)}
      data-testid="collection-node"
    >
      {node.children.length > 0 ? node.children.map(render) : undefined}
    </NavLink>
  )
  return (
    <nav aria-label={t('questions.collections.title')}>
      <NavLink
        label={t('questions.collections.all')}
        leftSection={<IconStack2 size={16} />}
        active={selected === null}
        onClick={() => onSelect(null)}
      />
      {collectionTree(collections).map(render)}
    </nav>
  )
}
