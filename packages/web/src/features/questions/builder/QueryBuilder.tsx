import { Alert, Paper, Select, Stack, Title } from '@mantine/core'
import type { Query, SourceCatalog } from '@vitrina/contracts'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useQuestionColumnsQuery, useQuestionsQuery } from '../../../data/questions/questions-query'
import { conditionsOf, emptyQuery, fieldOptions, filterOf } from './builder-model'
import { ExpressionsEditor } from './ExpressionsEditor'
import { FilterEditor } from './FilterEditor'
import { JoinsEditor } from './JoinsEditor'
import { SortLimitEditor } from './SortLimitEditor'
import { SummarizeEditor } from './SummarizeEditor'

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={5} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  )
}

/** The no-code steps: data → joins → calculated columns → filters → summarize → sort and limit. */
export function QueryBuilder({
  query,
  catalog,
  sourceId,
  selfId,
  onChange,
}: {
  query: Query
  catalog: SourceCatalog | null
  sourceId: string
  /** The question being edited: it cannot read itself. */
  selfId: string | null
  onChange(next: Query): void
}) {
  const { t } = useTranslation()
  const saved = useQuestionsQuery({ collectionId: null, search: '' })
  const questionId = query.source.kind === 'question' ? query.source.id : null
  const questionColumns = useQuestionColumnsQuery(questionId)
  const fields = fieldOptions(catalog, query, questionColumns.data ?? null)
  const conditions = conditionsOf(query.filter)
  const sources = [
    {
      group: t('questions.builder.tables'),
      items: (catalog?.tables ?? []).map((table) => ({
        value: JSON.stringify({ kind: 'table', schema: table.schema, name: table.name }),
        label: `${table.schema}.${table.name}`,
      })),
    },
    {
      group: t('questions.builder.savedQuestions'),
      items: (saved.data ?? [])
        .filter((q) => q.sourceId === sourceId && q.id !== selfId)
        .map((q) => ({
          value: JSON.stringify({ kind: 'question', id: q.id }),
          label: q.kind === 'native' ? `${q.name} (${t('questions.modes.sql')})` : q.name,
        })),
    },
  ]
  const current =
    query.source.kind === 'question'
      ? JSON.stringify({ kind: 'question', id: query.source.id })
      : query.source.name
        ? JSON.stringify({ kind: 'table', schema: query.source.schema, name: query.source.name })
        : null

  return (
    <Stack gap="sm" data-testid="query-builder">
      <Step title={t('questions.builder.data')}>
        <Select
          aria-label={t('questions.builder.table')}
          data-testid="builder-table"
          placeholder={t('questions.builder.pickTable')}
          searchable
          data={sources}
          value={current}
          onChange={(v) => v && onChange(emptyQuery(JSON.parse(v)))}
          nothingFoundMessage={t('questions.builder.noTables')}
        />
        <ErrorAlert error={questionColumns.error} />
      </Step>
      {current && (
        <>
          <Step title={t('questions.builder.joins')}>
            <JoinsEditor
              query={query}
              catalog={catalog}
              onChange={(joins) => onChange({ ...query, joins })}
            />
          </Step>
          <Step title={t('questions.builder.expressions')}>
            <ExpressionsEditor
              expressions={query.expressions}
              onChange={(expressions) => onChange({ ...query, expressions })}
            />
          </Step>
          <Step title={t('questions.builder.filters')}>
            {conditions ? (
              <FilterEditor
                conditions={conditions}
                fields={fields}
                onChange={(next) => onChange({ ...query, filter: filterOf(next) })}
              />
            ) : (
              <Alert color="gray">{t('questions.builder.complexFilter')}</Alert>
            )}
          </Step>
          <Step title={t('questions.builder.summarize')}>
            <SummarizeEditor
              aggregations={query.aggregations}
              breakouts={query.breakouts}
              fields={fields}
              onChange={(next) => onChange({ ...query, ...next, orderBy: [] })}
            />
          </Step>
          <Step title={t('questions.builder.sortLimit')}>
            <SortLimitEditor
              query={query}
              fields={fields}
              onChange={(next) => onChange({ ...query, ...next })}
            />
          </Step>
        </>
      )}
    </Stack>
  )
}
