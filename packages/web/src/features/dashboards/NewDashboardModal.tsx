import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSaveDashboardMutation } from '../../data/dashboards/dashboards-query'
import { useCollectionsQuery } from '../../data/questions/collections-query'

/** Name and collection of a new, empty dashboard; then it opens for adding cards. */
export function NewDashboardModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const collections = useCollectionsQuery()
  const save = useSaveDashboardMutation()
  const [name, setName] = useState('')
  const [collectionId, setCollectionId] = useState<string | null>(null)
  const editable = (collections.data ?? []).filter((c) => c.access === 'edit')
  const chosen = collectionId ?? editable[0]?.id ?? null

  const submit = () => {
    if (!chosen || !name.trim()) return
    save.mutate(
      {
        id: null,
        body: {
          name: name.trim(),
          collectionId: chosen,
          tabs: [{ id: 'main', name: t('dashboards.defaultTab') }],
        },
      },
      { onSuccess: (saved) => navigate(`/dashboards/${saved.id}`) },
    )
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('dashboards.create')}>
      <Stack>
        <TextInput
          label={t('dashboards.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        <Select
          label={t('dashboards.collection')}
          data={editable.map((c) => ({ value: c.id, label: c.name }))}
          value={chosen}
          onChange={setCollectionId}
          allowDeselect={false}
        />
        {save.error && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('dashboards.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!chosen || !name.trim()}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
