import { ScrollArea, Stack, Table, Text } from '@mantine/core'
import type { ApiPreview } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import type { EditableColumn } from '../components/columns-model'

const SHOWN = 10

/** The first rows of the file under the headers as the user has named them. */
export function SampleTable({ preview, columns }: { preview: ApiPreview; columns: EditableColumn[] }) {
  const { t } = useTranslation()
  if (preview.sample.length === 0) return null
  return (
    <Stack gap={4}>
      <Text fw={500} size="sm">
        {t('data.preview.sample')}
      </Text>
      <ScrollArea>
        <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid="preview-sample">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              {columns.map((c, i) => (
                <Table.Th key={c.sourceIndex ?? i}>{c.displayName}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.sample.slice(0, SHOWN).map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td c="dimmed">{r.row}</Table.Td>
                {r.cells.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <Table.Td key={i}>{cell ?? ''}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  )
}
