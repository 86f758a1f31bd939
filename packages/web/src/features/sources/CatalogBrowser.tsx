import { Accordion, Badge, Group, Loader, Table, Text, TextInput } from '@mantine/core'
import { IconSearch, IconTable } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSourceCatalogQuery } from '../../data/sources/sources-query'
import { formatDateTime, formatLocale } from '../../i18n'

/** The synced catalog: tables with row estimates; a table opens to its columns and types. */
export function CatalogBrowser({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation()
  const catalog = useSourceCatalogQuery(sourceId)
  const [search, setSearch] = useState('')
  if (catalog.isPending) return <Loader />
  if (catalog.error) return <ErrorAlert error={catalog.error} />
  const needle = search.trim().toLowerCase()
  const tables = catalog.data.tables.filter(
    (x) => needle === '' || `${x.schema}.${x.name}`.toLowerCase().includes(needle),
  )
  const number = new Intl.NumberFormat(formatLocale())
  return (
    <>
      <Group justify="space-between" mb="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('sources.catalog.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Text size="sm" c="dimmed">
          {t('sources.catalog.syncedAt', { at: formatDateTime(catalog.data.syncedAt) })}
        </Text>
      </Group>
      {tables.length === 0 ? (
        <Text c="dimmed">{t('sources.catalog.empty')}</Text>
      ) : (
        <Accordion multiple variant="separated" data-testid="catalog">
          {tables.map((table) => {
            const id = `${table.schema}.${table.name}`
            return (
              <Accordion.Item key={id} value={id}>
                <Accordion.Control icon={<IconTable size={16} />}>
                  <Group justify="space-between" pr="md">
                    <Text fw={500}>{id}</Text>
                    <Group gap="xs">
                      <Badge variant="light" color="gray">
                        {t('sources.catalog.columns', { count: table.columns.length })}
                      </Badge>
                      <Badge variant="light">
                        {table.rowEstimate === null
                          ? t('sources.catalog.noEstimate')
                          : t('sources.catalog.rows', { rows: number.format(table.rowEstimate) })}
                      </Badge>
                    </Group>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Table verticalSpacing={4} data-testid={`catalog-columns-${id}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('sources.catalog.column')}</Table.Th>
                        <Table.Th>{t('sources.catalog.type')}</Table.Th>
                        <Table.Th>{t('sources.catalog.nativeType')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {table.columns.map((c) => (
                        <Table.Tr key={c.name}>
                          <Table.Td ff="monospace">{c.name}</Table.Td>
                          <Table.Td>{t(`sources.catalog.types.${c.type}`)}</Table.Td>
                          <Table.Td ff="monospace" c="dimmed">
                            {c.nativeType}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Accordion.Panel>
              </Accordion.Item>
            )
          })}
        </Accordion>
      )}
    </>
  )
}
