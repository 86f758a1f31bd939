import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconDatabase, IconFileUpload, IconLink, IconPlus, IconSearch } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { EmptyState } from '../../components/ui/EmptyState'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useMeQuery } from '../../data/auth/me-query'
import { useDatasetsQuery } from '../../data/datasets/datasets-query'
import { formatDateTime } from '../../i18n'
import { formatCount } from './components/format-cell'
import { CreateEmptyModal } from './create/CreateEmptyModal'
import { LinkDatasetModal } from './linked/LinkDatasetModal'

export function DataListPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const me = useMeQuery()
  const datasets = useDatasetsQuery()
  const [search, setSearch] = useState('')
  const [creatingEmpty, setCreatingEmpty] = useState(false)
  const [linking, setLinking] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  useHotkeys([['/', () => searchRef.current?.focus()]])
  const canCreate = me.data?.user.role === 'admin' || me.data?.user.role === 'analyst'

  const needle = search.trim().toLowerCase()
  const all = datasets.data ?? []
  const visible = all.filter((d) => !needle || d.name.toLowerCase().includes(needle))

  const actions = canCreate && (
    <Group>
      <Button leftSection={<IconFileUpload size={16} />} onClick={() => navigate('/data/new')}>
        {t('data.newFromFile')}
      </Button>
      <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setCreatingEmpty(true)}>
        {t('data.newEmpty')}
      </Button>
      {me.data?.user.role === 'admin' && (
        <Button variant="default" leftSection={<IconLink size={16} />} onClick={() => setLinking(true)}>
          {t('data.linked.new')}
        </Button>
      )}
    </Group>
  )

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('data.title')}</Title>
        {all.length > 0 && actions}
      </Group>
      <ErrorAlert error={datasets.error} />
      {datasets.isPending ? (
        <Loader />
      ) : all.length === 0 ? (
        <EmptyState
          icon={<IconDatabase size={28} />}
          title={t('data.emptyTitle')}
          text={canCreate ? t('data.emptyText') : t('data.emptyTextViewer')}
          action={actions}
        />
      ) : (
        <>
          <TextInput
            ref={searchRef}
            placeholder={`${t('common.search')} ( / )`}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={320}
          />
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="datasets-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('data.col.name')}</Table.Th>
                <Table.Th ta="right">{t('data.col.rows')}</Table.Th>
                <Table.Th ta="right">{t('data.col.columns')}</Table.Th>
                <Table.Th>{t('data.col.lastUpload')}</Table.Th>
                <Table.Th>{t('data.col.owner')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visible.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/data/${d.id}`} fw={500}>
                        {d.name}
                      </Anchor>
                      {d.source && (
                        <Badge
                          variant="light"
                          color="grape"
                          tt="none"
                          leftSection={<IconLink size={12} />}
                          data-testid="dataset-source"
                        >
                          {d.source.name}
                        </Badge>
                      )}
                    </Group>
                    {d.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {d.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{d.kind === 'linked' ? '—' : formatCount(d.rowCount)}</Table.Td>
                  <Table.Td ta="right">{d.columns.length}</Table.Td>
                  <Table.Td>
                    {d.kind === 'linked'
                      ? t('data.linked.live')
                      : d.lastLoadedAt
                        ? formatDateTime(d.lastLoadedAt)
                        : t('common.never')}
                  </Table.Td>
                  <Table.Td>{d.createdBy?.name ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {visible.length === 0 && <Text c="dimmed">{t('data.noMatches')}</Text>}
        </>
      )}
      {creatingEmpty && <CreateEmptyModal onClose={() => setCreatingEmpty(false)} />}
      {linking && <LinkDatasetModal onClose={() => setLinking(false)} />}
    </Stack>
  )
}
