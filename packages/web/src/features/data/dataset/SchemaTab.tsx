import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { ApiDataset } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SyncLinkedButton } from '../linked/SyncLinkedButton'
import { AddColumnModal } from './AddColumnModal'
import { allows } from './access'
import { DatasetReferences } from './DatasetReferences'

export function SchemaTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const keys = new Set(dataset.keyColumns)
  const [adding, setAdding] = useState(false)
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {dataset.keyColumns.length > 0
            ? t('data.schema.keyColumns', { columns: dataset.keyColumns.join(', ') })
            : t('data.schema.noKey')}{' '}
          · <Code>{`${dataset.table.schema}.${dataset.table.name}`}</Code>
        </Text>
        {allows(dataset.myAccess, 'edit') && dataset.kind === 'warehouse' && (
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('data.schema.addColumn')}
          </Button>
        )}
        {dataset.kind === 'linked' && dataset.myAccess === 'manage' && <SyncLinkedButton dataset={dataset} />}
      </Group>
      <Table striped verticalSpacing="xs" data-testid="schema-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('data.preview.displayName')}</Table.Th>
            <Table.Th>{t('data.preview.identifier')}</Table.Th>
            <Table.Th>{t('data.preview.type')}</Table.Th>
            <Table.Th>{t('data.preview.required')}</Table.Th>
            <Table.Th>{t('data.schema.enum')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dataset.columns.map((c) => (
            <Table.Tr key={c.identifier}>
              <Table.Td fw={500}>
                {c.displayName}{' '}
                {keys.has(c.identifier) && (
                  <Badge size="xs" variant="light">
                    {t('data.schema.key')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{c.identifier}</Code>
              </Table.Td>
              <Table.Td>{t(`data.types.${c.type}`)}</Table.Td>
              <Table.Td>{c.required ? t('common.yes') : t('common.no')}</Table.Td>
              <Table.Td>{c.enumValues?.join(', ') ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <DatasetReferences dataset={dataset} />
      {adding && <AddColumnModal dataset={dataset} onClose={() => setAdding(false)} />}
    </Stack>
  )
}
