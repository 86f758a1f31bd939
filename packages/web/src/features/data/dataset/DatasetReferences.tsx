import { ActionIcon, Button, Code, Group, Paper, Select, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLink, IconX } from '@tabler/icons-react'
import type { ApiDataset, DatasetReference } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useDatasetsQuery } from '../../../data/datasets/datasets-query'
import {
  useDatasetReferencesQuery,
  useSaveDatasetReferencesMutation,
} from '../../../data/datasets/references-query'
import { allows } from './access'

/**
 * Columns of this dataset that refer to another dataset's key (`orders.customer_id` → `customers.id`): the
 * question builder then joins the two. Only a dataset's single-column key of the same type can be referred to.
 */
export function DatasetReferences({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const canEdit = allows(dataset.myAccess, 'edit')
  const references = useDatasetReferencesQuery(dataset.id)
  const datasets = useDatasetsQuery()
  const save = useSaveDatasetReferencesMutation(dataset.id)
  const [column, setColumn] = useState<string | null>(null)
  const [target, setTarget] = useState<string | null>(null)
  const list = references.data?.references ?? []
  const store = (next: DatasetReference[]) =>
    save.mutate(
      { references: next },
      {
        onSuccess: () => {
          setColumn(null)
          setTarget(null)
          notifications.show({ color: 'teal', message: t('questions.references.saved') })
        },
      },
    )
  // A linked dataset lives in its own source: its joins follow that source's keys.
  if (dataset.source !== null) return null
  const byId = new Map((datasets.data ?? []).map((d) => [d.id, d]))
  const typeOf = (identifier: string | null) => dataset.columns.find((c) => c.identifier === identifier)?.type
  // Only datasets of the warehouse can be joined with each other (a linked one lives in its source).
  const targets = (datasets.data ?? []).flatMap((d) => {
    if (d.source !== null) return []
    const key =
      d.keyColumns.length === 1 ? d.columns.find((c) => c.identifier === d.keyColumns[0]) : undefined
    if (!key || (column !== null && key.type !== typeOf(column))) return []
    return [
      {
        value: JSON.stringify({ datasetId: d.id, column: key.identifier }),
        label: `${d.name}.${key.identifier}`,
      },
    ]
  })

  return (
    <Paper withBorder p="sm" data-testid="dataset-references">
      <Stack gap="xs">
        <Title order={5}>{t('questions.references.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('questions.references.hint')}
        </Text>
        {list.length === 0 && <Text size="sm">{t('questions.references.none')}</Text>}
        {list.map((r) => (
          <Group key={r.column} gap="xs" data-testid="dataset-reference">
            <Code>{r.column}</Code> →{' '}
            <Code>
              {byId.get(r.references.datasetId)?.name ?? r.references.datasetId}.{r.references.column}
            </Code>
            {canEdit && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('questions.references.remove')}
                onClick={() => store(list.filter((x) => x.column !== r.column))}
              >
                <IconX size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {canEdit && (
          <Group gap="xs" align="end">
            <Select
              label={t('questions.references.column')}
              w={200}
              data={dataset.columns
                .filter((c) => !list.some((r) => r.column === c.identifier))
                .map((c) => ({ value: c.identifier, label: c.displayName }))}
              value={column}
              onChange={(value) => {
                setColumn(value)
                setTarget(null)
              }}
              data-testid="reference-column"
            />
            <Select
              label={t('questions.references.target')}
              w={260}
              searchable
              data={targets}
              value={target}
              onChange={setTarget}
              nothingFoundMessage={t('questions.references.noTargets')}
              data-testid="reference-target"
            />
            <Button
              leftSection={<IconLink size={16} />}
              disabled={column === null || target === null}
              loading={save.isPending}
              onClick={() =>
                column &&
                target &&
                store([...list, { column, references: JSON.parse(target) as DatasetReference['references'] }])
              }
              data-testid="reference-add"
            >
              {t('questions.references.add')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={references.error ?? save.error} />
      </Stack>
    </Paper>
  )
}
