import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core'
import type { ApiDataset } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useUpdateDatasetMutation } from '../../../data/datasets/dataset-mutations'

export function EditDatasetModal({ dataset, onClose }: { dataset: ApiDataset; onClose: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateDatasetMutation(dataset.id)
  const [name, setName] = useState(dataset.name)
  const [description, setDescription] = useState(dataset.description)
  return (
    <Modal opened onClose={onClose} title={t('common.edit')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          update.mutate({ name: name.trim(), description }, { onSuccess: onClose })
        }}
      >
        <Stack>
          <TextInput
            label={t('data.create.name')}
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Textarea
            label={t('data.create.description')}
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={name.trim() === ''}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
