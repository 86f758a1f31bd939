import { Button, Checkbox, Group, Loader, Stack, Stepper, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowRight, IconCheck } from '@tabler/icons-react'
import type { ApiBatch, ApiDataset, ApiPreview, ApiUpload } from '@vitrina/contracts'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useCreateFromUploadMutation } from '../../../data/datasets/dataset-mutations'
import { useBatchProgress } from '../../../data/datasets/imports'
import { usePreviewMutation, useUploadFileMutation } from '../../../data/datasets/uploads'
import { ColumnsEditor } from '../components/ColumnsEditor'
import { canSubmitColumns, type EditableColumn, fromPreview, toSchema } from '../components/columns-model'
import { FileDropZone } from '../components/FileDropZone'
import { ImportOutcome } from '../components/ImportOutcome'
import { SendProgress } from '../components/ImportProgress'
import { LayoutNotes } from '../components/LayoutNotes'
import { SampleTable } from './SampleTable'
import { SheetPicker } from './SheetPicker'

const stripExtension = (fileName: string) => fileName.replace(/\.[^.]+$/, '')

/**
 * File → (sheet) → preview with editable columns → create and import, with live progress. Nothing is written
 * before the user confirms the columns.
 */
export function CreateFromFilePage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const send = useUploadFileMutation()
  const previewCall = usePreviewMutation()
  const create = useCreateFromUploadMutation()
  const [fraction, setFraction] = useState(0)
  const [upload, setUpload] = useState<ApiUpload | null>(null)
  const [preview, setPreview] = useState<ApiPreview | null>(null)
  const [columns, setColumns] = useState<EditableColumn[]>([])
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [quarantine, setQuarantine] = useState(false)
  const [started, setStarted] = useState<{ dataset: ApiDataset; batch: ApiBatch } | null>(null)
  const batch = useBatchProgress(started?.batch ?? null)

  const loadPreview = (uploadId: string, sheet: string | null) =>
    previewCall.mutate(
      { uploadId, body: { sheet } },
      {
        onSuccess: (p) => {
          setPreview(p)
          setColumns(fromPreview(p.columns))
        },
      },
    )

  const onFile = (file: File) => {
    setUpload(null)
    setPreview(null)
    setFraction(0)
    send.mutate(
      { file, onProgress: setFraction },
      {
        onSuccess: (u) => {
          setUpload(u)
          setName((prev) => prev || stripExtension(u.fileName))
          loadPreview(u.id, null)
        },
      },
    )
  }

  const confirm = () => {
    if (!upload || !preview) return
    const schema = toSchema(columns)
    create.mutate(
      {
        uploadId: upload.id,
        sheet: preview.sheet,
        quarantine,
        name: name.trim(),
        description,
        columns: schema.columns.map((c, i) => ({ ...c, sourceIndex: columns[i]!.sourceIndex ?? i })),
        keyColumns: schema.keyColumns,
      },
      {
        onSuccess: (res) => {
          setStarted(res)
          notifications.show({
            color: 'green',
            message: t('data.create.created', { name: res.dataset.name }),
          })
        },
      },
    )
  }

  // Once the rows are in, the grid is the natural next page.
  useEffect(() => {
    if (batch?.status === 'loaded') navigate(`/data/${batch.datasetId}/rows`)
  }, [batch?.status, batch?.datasetId, navigate])

  const step = started ? 2 : preview ? 1 : 0
  const canConfirm = preview !== null && name.trim() !== '' && canSubmitColumns(columns) && !create.isPending

  return (
    <Stack>
      <Title order={2}>{t('data.create.title')}</Title>
      <Stepper active={step} size="sm">
        <Stepper.Step label={t('data.create.stepFile')} />
        <Stepper.Step label={t('data.create.stepPreview')} />
        <Stepper.Step label={t('data.create.stepLoad')} />
      </Stepper>

      {!started && <FileDropZone onFile={onFile} disabled={send.isPending || create.isPending} />}
      {send.isPending && <SendProgress fraction={fraction} />}
      {previewCall.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('data.progress.reading')}</Text>
        </Group>
      )}
      <ErrorAlert error={send.error ?? previewCall.error ?? create.error} />

      {upload && preview && !started && (
        <Stack>
          <SheetPicker
            sheets={upload.sheets}
            value={preview.sheet}
            onChange={(sheet) => loadPreview(upload.id, sheet)}
            disabled={previewCall.isPending}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('data.create.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextInput
              label={t('data.create.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </Group>
          <LayoutNotes notes={preview.notes} />
          <Text size="sm" c="dimmed">
            {t('data.create.columnsHint')}
          </Text>
          <ColumnsEditor columns={columns} onChange={setColumns} />
          <SampleTable preview={preview} columns={columns} />
          <Checkbox
            label={t('data.upload.quarantine')}
            checked={quarantine}
            onChange={(e) => setQuarantine(e.currentTarget.checked)}
          />
          <Group>
            <Button
              leftSection={<IconCheck size={16} />}
              onClick={confirm}
              disabled={!canConfirm}
              loading={create.isPending}
            >
              {t('data.create.confirm')}
            </Button>
          </Group>
        </Stack>
      )}

      {batch && (
        <Stack>
          <ImportOutcome batch={batch} />
          {batch.status !== 'running' && (
            <Group>
              <Button
                variant="default"
                rightSection={<IconArrowRight size={16} />}
                onClick={() => navigate(`/data/${batch.datasetId}`)}
              >
                {t('data.create.open')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  )
}
