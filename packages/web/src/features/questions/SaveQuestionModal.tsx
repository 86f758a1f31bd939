import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core'
import type { ApiCollection, QuestionCachePolicy } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { collectionPath } from './collection-tree'

export interface SaveValues {
  name: string
  description: string
  collectionId: string
  cachePolicy: QuestionCachePolicy
}

interface Props {
  opened: boolean
  onClose(): void
  initial: {
    name: string
    description: string
    collectionId: string | null
    cachePolicy: QuestionCachePolicy
  }
  collections: ApiCollection[]
  saving: boolean
  error: unknown
  onSave(values: SaveValues): void
}

/** Name, collection (only those the user may edit) and the question's cache policy. */
export function SaveQuestionModal({ opened, onClose, initial, collections, saving, error, onSave }: Props) {
  const { t } = useTranslation()
  const [name, setName] = useState(initial.name)
  const [description, setDescription] = useState(initial.description)
  const editable = collections.filter((c) => c.access === 'edit')
  const [collectionId, setCollectionId] = useState<string | null>(
    initial.collectionId ?? editable[0]?.id ?? null,
  )
  const [policy, setPolicy] = useState<QuestionCachePolicy>(initial.cachePolicy)

  return (
    <Modal opened={opened} onClose={onClose} title={t('questions.save.title')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (collectionId)
            onSave({ name: name.trim(), description: description.trim(), collectionId, cachePolicy: policy })
        }}
      >
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('questions.save.name')}
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="question-name"
          />
          <Textarea
            label={t('questions.save.description')}
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Select
            label={t('questions.save.collection')}
            required
            data-testid="question-collection"
            data={editable.map((c) => ({ value: c.id, label: collectionPath(collections, c.id) }))}
            value={collectionId}
            onChange={setCollectionId}
            nothingFoundMessage={t('questions.save.noCollections')}
          />
          <Group align="end">
            <Select
              label={t('questions.save.cache')}
              w={220}
              allowDeselect={false}
              data={(['inherit', 'ttl', 'adaptive', 'none'] as const).map((k) => ({
                value: k,
                label: t(`questions.save.cacheKinds.${k}`),
              }))}
              value={policy.kind}
              onChange={(kind) => {
                if (kind === 'ttl') setPolicy({ kind, ttlSeconds: 3600 })
                else if (kind === 'adaptive') setPolicy({ kind, minDurationMs: 1000, multiplier: 10 })
                else if (kind === 'inherit' || kind === 'none') setPolicy({ kind })
              }}
            />
            {policy.kind === 'ttl' && (
              <NumberInput
                label={t('questions.save.ttlSeconds')}
                w={160}
                min={1}
                value={policy.ttlSeconds}
                onChange={(v) => setPolicy({ kind: 'ttl', ttlSeconds: Math.max(1, Number(v) || 1) })}
              />
            )}
            {policy.kind === 'adaptive' && (
              <>
                <NumberInput
                  label={t('questions.save.minDurationMs')}
                  w={160}
                  min={0}
                  value={policy.minDurationMs}
                  onChange={(v) => setPolicy({ ...policy, minDurationMs: Math.max(0, Number(v) || 0) })}
                />
                <NumberInput
                  label={t('questions.save.multiplier')}
                  w={120}
                  min={1}
                  value={policy.multiplier}
                  onChange={(v) => setPolicy({ ...policy, multiplier: Math.max(1, Number(v) || 1) })}
                />
              </>
            )}
          </Group>
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={saving}
              disabled={!name.trim() || !collectionId}
              data-testid="save-question-submit"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
