import { Button, Code, Group, Modal, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconCode, IconDeviceFloppy, IconSql, IconTrash } from '@tabler/icons-react'
import type {
  CollectionAccess,
  CompiledSql,
  ExportFormat,
  RunParameterValue,
  RunQueryBody,
} from '@vitrina/contracts'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert, useErrorText } from '../../components/ui/ErrorAlert'
import { useMeQuery } from '../../data/auth/me-query'
import { useCollectionsQuery } from '../../data/questions/collections-query'
import { queryRunApi } from '../../data/questions/query-run'
import { useDeleteQuestionMutation, useSaveQuestionMutation } from '../../data/questions/questions-query'
import { useQuestionSourcesQuery, useSourceCatalogQuery } from '../../data/questions/sources-query'
import { QueryBuilder } from './builder/QueryBuilder'
import { compiledToNative } from './convert-to-sql'
import {
  bodyOf,
  canRun,
  type EditorDraft,
  type EditorMode,
  isDirty,
  parametersOf,
  runnableOf,
} from './editor-state'
import { ResultView } from './results/ResultView'
import { RunBar } from './results/RunBar'
import { useQueryRun } from './results/use-query-run'
import { SaveQuestionModal } from './SaveQuestionModal'
import { LibraryMenu } from './sql/LibraryMenu'
import { localLibrary } from './sql/local-library'
import { SqlEditor, type SqlEditorHandle } from './sql/SqlEditor'
import { syncVariables } from './sql/sql-variables'
import { VariablesPanel } from './sql/VariablesPanel'

/** One question: choose source and mode, write SQL or build, run, look at the result, save. */
export function QuestionEditor({
  initial,
  access,
}: {
  initial: EditorDraft
  /** The user's access to the saved question's collection; `edit` for a new one. */
  access: CollectionAccess
}) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const navigate = useNavigate()
  const me = useMeQuery()
  const userId = me.data?.user.id ?? 'anonymous'
  const canSave = me.data?.user.role !== 'viewer' && access === 'edit'
  const remove = useDeleteQuestionMutation()
  const [draft, setDraft] = useState(initial)
  // The stored version: while the draft matches it, runs go through the saved question (its cache policy).
  const [saved, setSaved] = useState(initial)
  const [values, setValues] = useState<Record<string, RunParameterValue>>({})
  const [viewSql, setViewSql] = useState<CompiledSql | null>(null)
  const [compileError, setCompileError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [exporting, setExporting] = useState<ExportFormat | null>(null)
  const editor = useRef<SqlEditorHandle>(null)
  const sources = useQuestionSourcesQuery()
  const catalog = useSourceCatalogQuery(draft.sourceId)
  const collections = useCollectionsQuery()
  const save = useSaveQuestionMutation()
  const run = useQueryRun()
  const source = sources.data?.find((s) => s.id === draft.sourceId)
  const update = (patch: Partial<EditorDraft>) => setDraft((d) => ({ ...d, ...patch }))

  const requestBody = (sqlText?: string, refresh = false): Omit<RunQueryBody, 'runId'> => ({
    sourceId: draft.sourceId,
    query: runnableOf(draft, sqlText),
    parameters: parametersOf(draft, values),
    refresh,
  })

  const start = (sqlText?: string, refresh = false) => {
    if (!canRun(draft) || run.running) return
    const body = requestBody(sqlText, refresh)
    if (draft.mode === 'sql') localLibraryRemember(sqlText ?? draft.sql, body.sourceId)
    const wholeQuery = sqlText === undefined || sqlText === draft.sql
    const asSaved = draft.id !== null && wholeQuery && !isDirty(draft, saved)
    void run.run((runId, signal) =>
      asSaved && draft.id
        ? queryRunApi.runQuestion(draft.id, { parameters: body.parameters, refresh, runId }, signal)
        : queryRunApi.run({ ...body, runId }, signal),
    )
  }
  const localLibraryRemember = (sql: string, sourceId: string) =>
    localLibrary.remember(userId, { sql, sourceId, at: new Date().toISOString() })

  useHotkeys([
    ['mod+Enter', () => start(draft.mode === 'sql' ? editor.current?.textToRun() : undefined)],
    ['mod+S', () => canSave && setSaving(true)],
  ])

  const compile = async (): Promise<CompiledSql | null> => {
    const body = requestBody()
    setCompileError(null)
    try {
      return await queryRunApi.compile(body)
    } catch (err) {
      setCompileError(err)
      return null
    }
  }

  const exportAs = async (format: ExportFormat) => {
    const body = requestBody()
    setExporting(format)
    try {
      await queryRunApi.download({
        sourceId: body.sourceId,
        query: body.query,
        parameters: body.parameters,
        format,
        fileName: (draft.name || t('questions.untitled')).replace(/[^\p{L}\p{N} ._()-]/gu, '_'),
      })
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err) })
    } finally {
      setExporting(null)
    }
  }

  const setMode = (mode: EditorMode) => update({ mode })

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} data-testid="question-title">
          {draft.name || t('questions.untitled')}
        </Title>
        <Group gap="xs">
          {draft.mode === 'builder' && (
            <>
              <Button
                variant="default"
                leftSection={<IconCode size={16} />}
                disabled={!canRun(draft)}
                data-testid="view-sql"
                onClick={async () => setViewSql(await compile())}
              >
                {t('questions.builder.viewSql')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconSql size={16} />}
                disabled={!canRun(draft)}
                data-testid="convert-to-sql"
                onClick={async () => {
                  const compiled = await compile()
                  if (compiled) update({ mode: 'sql', ...compiledToNative(compiled) })
                }}
              >
                {t('questions.builder.convertToSql')}
              </Button>
            </>
          )}
          {canSave && draft.id && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={remove.isPending}
              onClick={() =>
                modals.openConfirmModal({
                  title: t('questions.deleteTitle', { name: draft.name }),
                  labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                  confirmProps: { color: 'red' },
                  onConfirm: () =>
                    draft.id &&
                    remove.mutate(draft.id, {
                      onSuccess: () =>
                        navigate(`/questions?collection=${encodeURIComponent(draft.collectionId ?? '')}`),
                      onError: (err) => notifications.show({ color: 'red', message: errorText(err) }),
                    }),
                })
              }
            >
              {t('common.delete')}
            </Button>
          )}
          {canSave && (
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => setSaving(true)}
              data-testid="save-question"
            >
              {t('common.save')}
            </Button>
          )}
        </Group>
      </Group>

      <Group gap="sm" align="end">
        <Select
          label={t('questions.source')}
          w={260}
          allowDeselect={false}
          data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={draft.sourceId}
          onChange={(sourceId) => sourceId && update({ sourceId })}
          data-testid="source-select"
        />
        <SegmentedControl
          value={draft.mode}
          onChange={(mode) => setMode(mode as EditorMode)}
          data={[
            { value: 'builder', label: t('questions.modes.builder') },
            { value: 'sql', label: t('questions.modes.sql') },
          ]}
        />
        {draft.mode === 'sql' && (
          <LibraryMenu
            userId={userId}
            currentSql={draft.sql}
            onPick={(sql) => update({ sql, variables: syncVariables(sql, draft.variables) })}
            onInsert={(text) => editor.current?.insert(text)}
          />
        )}
      </Group>
      <ErrorAlert error={sources.error ?? catalog.error} />

      {draft.mode === 'sql' ? (
        <>
          <SqlEditor
            ref={editor}
            value={draft.sql}
            onChange={(sql) => setDraft((d) => ({ ...d, sql, variables: syncVariables(sql, d.variables) }))}
            onRun={(text) => start(text)}
            dialect={source?.dialect ?? 'duckdb'}
            catalog={catalog.data ?? null}
            placeholder={t('questions.sql.placeholder')}
          />
          <VariablesPanel
            variables={draft.variables}
            onVariablesChange={(variables) => update({ variables })}
            values={values}
            onValuesChange={setValues}
            catalog={catalog.data ?? null}
          />
        </>
      ) : (
        <QueryBuilder
          query={draft.builder}
          catalog={catalog.data ?? null}
          sourceId={draft.sourceId}
          selfId={draft.id}
          onChange={(builder) => update({ builder })}
        />
      )}

      <RunBar
        running={run.running}
        canRun={canRun(draft)}
        result={run.result}
        exporting={exporting}
        onRun={() => start(draft.mode === 'sql' ? editor.current?.textToRun() : undefined)}
        onStop={() => void run.stop()}
        onRefresh={() => start(draft.mode === 'sql' ? editor.current?.textToRun() : undefined, true)}
        onExport={(format) => void exportAs(format)}
      />
      <ErrorAlert error={run.error ?? compileError} />
      {run.result && (
        <ResultView
          result={run.result}
          visualization={draft.visualization}
          onVisualizationChange={(spec) => update({ visualization: spec as Record<string, unknown> })}
        />
      )}
      {!run.result && !run.error && (
        <Text size="sm" c="dimmed">
          {t('questions.run.hint')}
        </Text>
      )}

      <Modal
        opened={viewSql !== null}
        onClose={() => setViewSql(null)}
        title={t('questions.builder.viewSql')}
        size="xl"
      >
        {viewSql && (
          <Stack>
            <Code block data-testid="compiled-sql">
              {viewSql.sql}
            </Code>
            {viewSql.params.length > 0 && (
              <Text size="sm">
                {t('questions.builder.params')}: <Code>{JSON.stringify(viewSql.params)}</Code>
              </Text>
            )}
          </Stack>
        )}
      </Modal>

      {saving && (
        <SaveQuestionModal
          opened
          onClose={() => setSaving(false)}
          initial={draft}
          collections={collections.data ?? []}
          saving={save.isPending}
          error={save.error}
          onSave={(values) =>
            save.mutate(
              { id: draft.id, body: bodyOf({ ...draft, ...values }, values.collectionId) },
              {
                onSuccess: (saved) => {
                  setSaving(false)
                  const stored = { ...draft, ...values, id: saved.id }
                  setDraft(stored)
                  setSaved(stored)
                  notifications.show({ color: 'teal', message: t('questions.save.saved') })
                  if (!draft.id) navigate(`/questions/${saved.id}`, { replace: true })
                },
              },
            )
          }
        />
      )}
    </Stack>
  )
}
