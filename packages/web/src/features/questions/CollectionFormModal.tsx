import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core'
import type { ApiCollection } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSaveCollectionMutation } from '../../data/questions/collections-query'
import { collectionPath } from './collection-tree'

interface Props {
  editing: ApiCollection | null
  parentId: string | null
  collections: ApiCollection[]
  onClose(): void
  onSaved(collection: ApiCollection): void
}

export function CollectionFormModal({ editing, parentId, collections, onClose, onSaved }: Props) {
  const { t } = useTranslation()
  const save = useSaveCollectionMutation()
  const [name, setName] = useState(editing?.name ?? '')
  const [description, setDescription] = useState(editing?.description ?? '')
  const [parent, setParent] = useState<string | null>(editing ? editing.parentId : parentId)
  const parents = collections.filter((c) => c.access === 'edit' && c.id !== editing?.id)

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing ? t('questions.collections.edit') : t('questions.collections.new')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(
            {
              id: editing?.id ?? null,
              body: { name: name.trim(), description: description.trim(), parentId: parent },
            },
            { onSuccess: onSaved },
          )
        }}
      >
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput
            label={t('common.name')}
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="collection-name"
          />
          <Textarea
            label={t('common.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Select
            label={t('questions.collections.parent')}
            placeholder={t('questions.collections.top')}
            clearable
            data={parents.map((c) => ({ value: c.id, label: collectionPath(collections, c.id) }))}
            value={parent}
            onChange={setParent}
          />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!name.trim()}
              data-testid="collection-submit"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
