import { Button, Checkbox, Group, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconDownload, IconUpload } from '@tabler/icons-react'
import {
  type ApiBatch,
  type ApiDataset,
  type ApiUpload,
  IMPORT_MODES,
  type ImportMode,
} from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { ApiRequestError } from '../../../data/api-client'
import { useBatchProgress, useStartImportMutation } from '../../../data/datasets/imports'
import { usePreviewMutation, useUploadFileMutation } from '../../../data/datasets/uploads'
import { datasetUrls } from '../../../data/datasets/urls'
import { formatDateTime } from '../../../i18n'
import { FileDropZone } from '../components/FileDropZone'
import { ImportOutcome } from '../components/ImportOutcome'
import { SendProgress } from '../components/ImportProgress'
import { SheetPicker } from '../create/SheetPicker'
import { MappingSummary } from './MappingSummary'

/** Upload a file into an existing dataset: mode, sheet, column mapping check, duplicate check, live progress. */
export function UploadTab({ dataset }: { dataset: ApiDataset }) {
  const { t } = useTranslation()
  const send = useUploadFileMutation()
  const previewCall = usePreviewMutation()
  const start = useStartImportMutation(dataset.id)
  const [fraction, setFraction] = useState(0)
  const [upload, setUpload] = useState<ApiUpload | null>(null)
  const [sheet, setSheet] = useState<string | null>(null)
  const [mode, setMode] = useState<ImportMode>('append')
  const dateColumns = dataset.columns.filter((c) => c.type === 'date' || c.type === 'timestamp')
  const [periodColumn, setPeriodColumn] = useState<string | null>(dateColumns[0]?.identifier ?? null)
  const [quarantine, setQuarantine] = useState(false)
  const [started, setStarted] = useState<ApiBatch | null>(null)
  const batch = useBatchProgress(started)

  const loadPreview = (uploadId: string, name: string | null) =>
    previewCall.mutate(
      { uploadId, body: { sheet: name, datasetId: dataset.id } },
      { onSuccess: (p) => setSheet(p.sheet) },
    )

  const onFile = (file: File) => {
    setUpload(null)
    setStarted(null)
    previewCall.reset()
    start.reset()
    setFraction(0)
    send.mutate(
      { file, onProgress: setFraction },
      {
        onSuccess: (u) => {
          setUpload(u)
          loadPreview(u.id, null)
        },
      },
    )
  }

  // Replacing everything is asked for once more (a rollback on the History tab brings the rows back).
  const confirmAndSubmit = () => {
    if (mode !== 'replace') return submit(false)
    modals.openConfirmModal({
      title: t('data.upload.modes.replace'),
      children: <Text size="sm">{t('data.upload.confirmReplace', { count: dataset.rowCount })}</Text>,
      labels: { confirm: t('data.upload.submit'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => submit(false),
    })
  }

  const submit = (confirmDuplicate: boolean) => {
    if (!upload) return
    start.mutate(
      {
        body: {
          uploadId: upload.id,
          sheet,
          mode,
          quarantine,
          periodColumn: mode === 'replace-period' ? periodColumn : null,
        },
        confirmDuplicate,
      },
      {
        onSuccess: (res) => setStarted(res.batch),
        onError: (error) => {
          if (error instanceof ApiRequestError && error.code === 'UPLOAD_DUPLICATE') askDuplicate(error)
        },
      },
    )
  }

  const askDuplicate = (error: ApiRequestError) => {
    const earlier = (error.details as { batch?: ApiBatch } | null)?.batch
    modals.openConfirmModal({
      title: t('data.upload.duplicateTitle'),
      children: (
        <Text size="sm">
          {t('data.upload.duplicateText', {
            when: earlier ? formatDateTime(earlier.createdAt) : '—',
            who: earlier?.createdBy?.name ?? '—',
          })}
        </Text>
      ),
      labels: { confirm: t('data.upload.duplicateConfirm'), cancel: t('common.cancel') },
      onConfirm: () => submit(true),
    })
  }

  const modeDisabled = (m: ImportMode) =>
    (m === 'upsert' && dataset.keyColumns.length === 0) ||
    (m === 'replace-period' && dateColumns.length === 0)
  const duplicate = start.error instanceof ApiRequestError && start.error.code === 'UPLOAD_DUPLICATE'
  const blocked = (previewCall.data?.mapping?.missingRequired.length ?? 0) > 0
  const running = batch?.status === 'running'

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Text fw={500} size="sm">
            {t('data.upload.mode')}
          </Text>
          <SegmentedControl
            aria-label={t('data.upload.mode')}
            value={mode}
            onChange={(v) => setMode(v as ImportMode)}
            data={IMPORT_MODES.map((m) => ({
              value: m,
              label: t(`data.upload.modes.${m}`),
              disabled: modeDisabled(m),
            }))}
          />
          <Text size="xs" c="dimmed">
            {t(`data.upload.modeHints.${mode}`)}
          </Text>
        </Stack>
        <Button
          component="a"
          href={datasetUrls.template(dataset.id)}
          download
          variant="default"
          leftSection={<IconDownload size={16} />}
        >
          {t('data.upload.template')}
        </Button>
      </Group>
      {mode === 'replace-period' && (
        <NativeSelect
          label={t('data.upload.periodColumn')}
          data={dateColumns.map((c) => ({ value: c.identifier, label: c.displayName }))}
          value={periodColumn ?? ''}
          onChange={(e) => setPeriodColumn(e.currentTarget.value)}
          maw={360}
        />
      )}
      <Checkbox
        label={t('data.upload.quarantine')}
        checked={quarantine}
        onChange={(e) => setQuarantine(e.currentTarget.checked)}
      />
      <FileDropZone onFile={onFile} disabled={send.isPending || running} />
      {send.isPending && <SendProgress fraction={fraction} />}
      <ErrorAlert error={send.error ?? previewCall.error ?? (duplicate ? null : start.error)} />
      {upload && (
        <Stack>
          <Text size="sm">
            <b>{upload.fileName}</b>
          </Text>
          <SheetPicker
            sheets={upload.sheets}
            value={sheet ?? upload.sheets[0]?.name ?? ''}
            onChange={(name) => loadPreview(upload.id, name)}
            disabled={previewCall.isPending || running}
          />
          {previewCall.data?.mapping && <MappingSummary mapping={previewCall.data.mapping} />}
          <Group>
            <Button
              leftSection={<IconUpload size={16} />}
              onClick={confirmAndSubmit}
              loading={start.isPending || running}
              disabled={
                previewCall.isPending || previewCall.isError || blocked || (batch !== null && !running)
              }
            >
              {t('data.upload.submit')}
            </Button>
          </Group>
        </Stack>
      )}
      {batch && <ImportOutcome batch={batch} />}
    </Stack>
  )
}
