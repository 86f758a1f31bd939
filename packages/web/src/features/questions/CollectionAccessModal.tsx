import { ActionIcon, Button, Group, Loader, Modal, Select, Stack, Table, Text } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import type { ApiCollection, CollectionGrant } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import {
  useCollectionPermissionsQuery,
  useSetCollectionPermissionsMutation,
} from '../../data/questions/collections-query'

interface Subject {
  value: string
  label: string
}

/** Who may view or edit a collection (and everything below it). Subjects are typed as `user:<id>` / `group:<id>`. */
export function CollectionAccessModal({
  collection,
  subjects,
  onClose,
}: {
  collection: ApiCollection
  subjects: Subject[]
  onClose(): void
}) {
  const { t } = useTranslation()
  const current = useCollectionPermissionsQuery(collection.id)
  const save = useSetCollectionPermissionsMutation()
  const [grants, setGrants] = useState<CollectionGrant[] | null>(null)
  const [adding, setAdding] = useState<string | null>(null)
  useEffect(() => {
    if (current.data && grants === null) setGrants(current.data.grants)
  }, [current.data, grants])
  const labelOf = (g: CollectionGrant) =>
    subjects.find((s) => s.value === `${g.subjectType}:${g.subjectId}`)?.label ?? g.subjectId

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('questions.collections.access', { name: collection.name })}
      size="lg"
    >
      <Stack>
        <ErrorAlert error={current.error ?? save.error} />
        <Text size="sm" c="dimmed">
          {t('questions.collections.accessHint')}
        </Text>
        {grants === null ? (
          <Loader />
        ) : (
          <Table>
            <Table.Tbody>
              {grants.map((g, i) => (
                <Table.Tr key={`${g.subjectType}:${g.subjectId}`}>
                  <Table.Td>{labelOf(g)}</Table.Td>
                  <Table.Td w={160}>
                    <Select
                      aria-label={t('questions.collections.level')}
                      allowDeselect={false}
                      data={[
                        { value: 'view', label: t('questions.collections.levels.view') },
                        { value: 'edit', label: t('questions.collections.levels.edit') },
                      ]}
                      value={g.level}
                      onChange={(level) =>
                        level &&
                        setGrants(
                          grants.map((x, j) => (j === i ? { ...x, level: level as 'view' | 'edit' } : x)),
                        )
                      }
                    />
                  </Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common.delete')}
                      onClick={() => setGrants(grants.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end">
          <Select
            label={t('questions.collections.addSubject')}
            searchable
            style={{ flex: 1 }}
            data={subjects.filter((s) => !grants?.some((g) => `${g.subjectType}:${g.subjectId}` === s.value))}
            value={adding}
            onChange={setAdding}
          />
          <Button
            variant="default"
            disabled={!adding || !grants}
            onClick={() => {
              if (!adding || !grants) return
              const [subjectType, subjectId] = adding.split(/:(.*)/s) as ['user' | 'group', string]
              setGrants([...grants, { subjectType, subjectId, level: 'view' }])
              setAdding(null)
            }}
          >
            {t('questions.collections.add')}
          </Button>
        </Group>
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            disabled={!grants}
            onClick={() =>
              grants && save.mutate({ id: collection.id, body: { grants } }, { onSuccess: onClose })
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
