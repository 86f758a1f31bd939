import { Button, Group, Loader, NativeSelect, Pagination, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue, useHotkeys } from '@mantine/hooks'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFilterOff, IconPlus, IconSearch, IconTable, IconTrash } from '@tabler/icons-react'
import type { ApiDataset, ApiRow, DatasetColumn, RowsQuery } from '@vitrina/contracts'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../../../components/ui/EmptyState'
import { ErrorAlert, useErrorText } from '../../../components/ui/ErrorAlert'
import { useDeleteRowsMutation, useRowsQuery, useUpdateRowMutation } from '../../../data/datasets/rows-query'
import { datasetUrls } from '../../../data/datasets/urls'
import { formatCount } from '../components/format-cell'
import { allows } from '../dataset/access'
import { AddRowModal } from './AddRowModal'
import { typedToValue, useCellErrorText } from './cell-error'
import { type ColumnFilterValue, isActive, toRowFilters } from './filters'
import { type GridSort, RowsGrid } from './RowsGrid'

const PAGE_SIZES = ['25', '50', '100', '250']

/** The dataset's rows: server-side paging, sorting, filters and search; inline edit, add, delete, export. */
export function RowsTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const cellErrorText = useCellErrorText()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [sort, setSort] = useState<GridSort | null>(null)
  const [filters, setFilters] = useState<Record<string, ColumnFilterValue>>({})
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [selected, setSelected] = useState<ReadonlyMap<string, ApiRow>>(new Map())
  const [adding, setAdding] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)

  // A linked dataset's rows belong to its source: read here, changed there.
  const editable = allows(dataset.myAccess, 'edit') && dataset.kind === 'warehouse'
  const query: RowsQuery = {
    offset: (page - 1) * pageSize,
    limit: pageSize,
    sort: sort ? [sort] : [],
    filters: toRowFilters(dataset.columns, filters),
    search: debouncedSearch,
  }
  const rows = useRowsQuery(dataset.id, query)
  const update = useUpdateRowMutation(dataset.id)
  const remove = useDeleteRowsMutation(dataset.id)
  const filtered = query.filters!.length > 0 || debouncedSearch !== ''

  // Any change of what is shown starts again from page one with nothing selected.
  const reset = () => {
    setPage(1)
    setSelected(new Map())
  }

  const save = async (row: ApiRow, column: DatasetColumn, text: string): Promise<string | null> => {
    try {
      await update.mutateAsync({
        rowId: row.rowId,
        body: { expected: row.values, changes: { [column.identifier]: typedToValue(text) } },
      })
      notifications.show({ color: 'green', message: t('data.rows.saved') })
      return null
    } catch (error) {
      return cellErrorText(error)
    }
  }

  const select = (rs: ApiRow[], on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev)
      for (const r of rs) {
        if (on) next.set(r.rowId, r)
        else next.delete(r.rowId)
      }
      return next
    })

  const confirmDelete = (chosen: ApiRow[]) => {
    modals.openConfirmModal({
      title: t('common.delete'),
      children: <Text size="sm">{t('data.rows.confirmDelete', { count: chosen.length })}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          chosen.map((r) => ({ rowId: r.rowId, expected: r.values })),
          {
            onSuccess: (res) => {
              select(chosen, false)
              notifications.show({ color: 'green', message: t('data.rows.deleted') })
              if (res.skipped > 0) {
                notifications.show({
                  color: 'yellow',
                  message: t('data.rows.skipped', { count: res.skipped }),
                })
              }
            },
            onError: (e) => notifications.show({ color: 'red', message: errorText(e) }),
          },
        ),
    })
  }

  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['Delete', () => editable && selected.size > 0 && confirmDelete([...selected.values()])],
  ])

  const exportQuery: RowsQuery = { sort: query.sort, filters: query.filters, search: query.search }
  const total = rows.data?.total ?? 0

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <TextInput
            ref={searchRef}
            placeholder={`${t('data.rows.search')} ( / )`}
            aria-label={t('data.rows.search')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value)
              reset()
            }}
            w={280}
          />
          {Object.values(filters).some(isActive) && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} />}
              onClick={() => {
                setFilters({})
                reset()
              }}
            >
              {t('data.rows.clearFilters')}
            </Button>
          )}
        </Group>
        <Group gap="xs">
          {editable && selected.size > 0 && (
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={() => confirmDelete([...selected.values()])}
              title={t('data.rows.deleteHint')}
            >
              {t('data.rows.deleteSelected', { count: selected.size })}
            </Button>
          )}
          {editable && (
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              {t('data.rows.addRow')}
            </Button>
          )}
          <Button
            component="a"
            href={datasetUrls.export(dataset.id, 'xlsx', exportQuery)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('data.rows.exportXlsx')}
          </Button>
          <Button
            component="a"
            href={datasetUrls.export(dataset.id, 'csv', exportQuery)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('data.rows.exportCsv')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={rows.error} />
      {rows.isPending ? (
        <Loader />
      ) : (
        rows.data && (
          <>
            <RowsGrid
              columns={dataset.columns}
              rows={rows.data.rows}
              sort={sort}
              onSort={(s) => {
                setSort(s)
                reset()
              }}
              filters={filters}
              onFilter={(column, value) => {
                setFilters({ ...filters, [column]: value })
                reset()
              }}
              selected={selected}
              onSelect={select}
              editable={editable}
              onSave={save}
              onDelete={(row) => confirmDelete([row])}
            />
            {total === 0 && (
              <EmptyState
                icon={<IconTable size={28} />}
                title={filtered ? t('data.rows.emptyFiltered') : t('data.rows.empty')}
                text={editable && !filtered ? t('data.rows.emptyHint') : ''}
              />
            )}
            <Group justify="space-between">
              <Group gap="xs">
                <Text size="sm" c="dimmed" data-testid="rows-total">
                  {t('data.rows.total', { count: formatCount(total) })}
                </Text>
                {rows.isFetching && <Loader size="xs" />}
              </Group>
              <Group gap="xs">
                <NativeSelect
                  size="xs"
                  aria-label={t('data.rows.pageSize')}
                  data={PAGE_SIZES}
                  value={String(pageSize)}
                  onChange={(e) => {
                    setPageSize(Number(e.currentTarget.value))
                    reset()
                  }}
                />
                {total > pageSize && (
                  <Pagination
                    size="sm"
                    value={page}
                    onChange={(p) => {
                      setPage(p)
                      setSelected(new Map())
                    }}
                    total={Math.ceil(total / pageSize)}
                  />
                )}
              </Group>
            </Group>
          </>
        )
      )}
      {adding && <AddRowModal dataset={dataset} onClose={() => setAdding(false)} />}
    </Stack>
  )
}
