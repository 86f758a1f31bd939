import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useCreateDatasetMutation } from '../../../data/datasets/dataset-mutations'
import { ColumnsEditor } from '../components/ColumnsEditor'
import { blankColumn, canSubmitColumns, type EditableColumn, toSchema } from '../components/columns-model'

/** A dataset with columns written by hand, to be filled by uploads or in the grid. */
export function CreateEmptyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const create = useCreateDatasetMutation()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [columns, setColumns] = useState<EditableColumn[]>([blankColumn(1)])

  const submit = () =>
    create.mutate(
      { name: name.trim(), description, schema: toSchema(columns) },
      { onSuccess: (dataset) => navigate(`/data/${dataset.id}/schema`) },
    )

  return (
    <Modal opened onClose={onClose} title={t('data.create.emptyTitle')} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
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
          <TextInput
            label={t('data.create.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Text size="sm" c="dimmed">
            {t('data.create.columnsHint')}
          </Text>
          <ColumnsEditor columns={columns} onChange={setColumns} removable />
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() => setColumns([...columns, blankColumn(columns.length + 1)])}
            >
              {t('data.create.addColumn')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={name.trim() === '' || !canSubmitColumns(columns)}
            >
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
