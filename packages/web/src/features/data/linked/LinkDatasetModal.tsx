import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useLinkDatasetMutation } from '../../../data/datasets/dataset-mutations'
import { useSourceCatalogQuery, useSourcesQuery } from '../../../data/sources/sources-query'

/** Admins: a table or view of an added PostgreSQL or DuckDB source becomes a read-only dataset. */
export function LinkDatasetModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const sources = useSourcesQuery()
  const [sourceId, setSourceId] = useState<string | null>(null)
  const [table, setTable] = useState<string | null>(null)
  const [name, setName] = useState('')
  const link = useLinkDatasetMutation()
  const linkable = (sources.data ?? []).filter(
    (s) => !s.builtIn && (s.kind === 'postgres' || s.kind === 'duckdb'),
  )
  return (
    <Modal opened onClose={onClose} title={t('data.linked.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const [schema, ...rest] = (table ?? '').split('.')
          if (!sourceId || !schema) return
          link.mutate(
            { name: name.trim(), sourceId, table: { schema, name: rest.join('.') } },
            { onSuccess: (d) => navigate(`/data/${d.id}/rows`) },
          )
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('data.linked.hint')}
          </Text>
          <Select
            label={t('data.linked.source')}
            data={linkable.map((s) => ({ value: s.id, label: s.name }))}
            value={sourceId}
            onChange={(v) => {
              setSourceId(v)
              setTable(null)
            }}
            nothingFoundMessage={t('data.linked.noSources')}
            required
          />
          {sourceId ? (
            <TablePicker
              sourceId={sourceId}
              value={table}
              onChange={(v) => {
                setTable(v)
                if (v && name === '') setName(v.split('.').slice(1).join('.'))
              }}
            />
          ) : (
            <Select label={t('data.linked.table')} data={[]} disabled required />
          )}
          <TextInput
            label={t('data.create.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <ErrorAlert error={link.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={link.isPending}
              disabled={!sourceId || !table || name.trim() === ''}
            >
              {t('data.linked.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** The tables and views of the chosen source's catalog. */
function TablePicker(props: {
  sourceId: string
  value: string | null
  onChange: (v: string | null) => void
}) {
  const { t } = useTranslation()
  const catalog = useSourceCatalogQuery(props.sourceId)
  return (
    <>
      <Select
        label={t('data.linked.table')}
        data={(catalog.data?.tables ?? []).map((x) => `${x.schema}.${x.name}`)}
        value={props.value}
        onChange={props.onChange}
        searchable
        required
      />
      <ErrorAlert error={catalog.error} />
    </>
  )
}
