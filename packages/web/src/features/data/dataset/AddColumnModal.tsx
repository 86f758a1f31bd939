import { Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import type { ApiDataset, ColumnType } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useAddColumnMutation } from '../../../data/datasets/dataset-mutations'
import { IDENTIFIER_PATTERN, typeOptions } from '../components/column-types'

/** A new column of an existing dataset: never required, since the rows already there have no value for it. */
export function AddColumnModal({ dataset, onClose }: { dataset: ApiDataset; onClose: () => void }) {
  const { t } = useTranslation()
  const add = useAddColumnMutation(dataset.id)
  const [displayName, setDisplayName] = useState('')
  const [identifier, setIdentifier] = useState('')
  const [type, setType] = useState<ColumnType>('text')
  const [enumValues, setEnumValues] = useState<string[]>([])
  const badIdentifier = identifier !== '' && !IDENTIFIER_PATTERN.test(identifier)
  return (
    <Modal opened onClose={onClose} title={t('data.schema.addColumn')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          add.mutate(
            {
              displayName: displayName.trim(),
              identifier: identifier === '' ? null : identifier,
              type,
              enumValues: type === 'text' && enumValues.length > 0 ? enumValues : null,
            },
            { onSuccess: onClose },
          )
        }}
      >
        <Stack>
          <TextInput
            label={t('data.preview.displayName')}
            required
            data-autofocus
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
          />
          <TextInput
            label={t('data.preview.identifier')}
            description={t('data.schema.identifierHint')}
            value={identifier}
            error={badIdentifier ? t('data.preview.identifierInvalid') : null}
            onChange={(e) => setIdentifier(e.currentTarget.value)}
          />
          <Select
            label={t('data.preview.type')}
            data={typeOptions(t)}
            value={type}
            allowDeselect={false}
            onChange={(v) => v && setType(v as ColumnType)}
          />
          {type === 'text' && (
            <TagsInput
              label={t('data.schema.enum')}
              description={t('data.schema.enumHint')}
              value={enumValues}
              onChange={setEnumValues}
            />
          )}
          <Text size="xs" c="dimmed">
            {t('data.schema.addColumnHint')}
          </Text>
          <ErrorAlert error={add.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={add.isPending}
              disabled={displayName.trim() === '' || badIdentifier}
            >
              {t('data.schema.addColumn')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
