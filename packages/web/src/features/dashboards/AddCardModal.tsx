import {
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import type { DashboardCard } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from '../../components/ui/Markdown'
import { useQuestionsQuery } from '../../data/questions/questions-query'

export type NewCard =
  | { kind: 'question'; questionId: string; title: string | null }
  | { kind: 'text'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'link'; text: string; url: string }

/** Picks what a new card shows: a saved question, text, a heading or a link. */
export function AddCardModal({
  opened,
  onClose,
  onAdd,
}: {
  opened: boolean
  onClose: () => void
  onAdd: (card: NewCard) => void
}) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<DashboardCard['kind']>('question')
  const [questionId, setQuestionId] = useState<string | null>(null)
  const [text, setText] = useState('')
  const [url, setUrl] = useState('')
  const questions = useQuestionsQuery({ collectionId: null, search: '' })

  const ready =
    kind === 'question'
      ? questionId !== null
      : kind === 'link'
        ? /^(https?:\/\/|\/)/.test(url)
        : text.trim() !== ''
  const submit = () => {
    if (!ready) return
    if (kind === 'question') onAdd({ kind, questionId: questionId!, title: text.trim() || null })
    else if (kind === 'link') onAdd({ kind, text: text.trim(), url: url.trim() })
    else onAdd({ kind, text })
    setQuestionId(null)
    setText('')
    setUrl('')
    onClose()
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('dashboards.addCard')}>
      <Stack>
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as DashboardCard['kind'])}
          data={(['question', 'text', 'heading', 'link'] as const).map((k) => ({
            value: k,
            label: t(`dashboards.kinds.${k}`),
          }))}
        />
        {kind === 'question' && (
          <>
            <Select
              label={t('dashboards.question')}
              searchable
              data={(questions.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
              value={questionId}
              onChange={setQuestionId}
            />
            <TextInput
              label={t('dashboards.cardTitle')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          </>
        )}
        {kind === 'text' && (
          <>
            <Textarea
              label={t('dashboards.text')}
              description={t('markdown.hint')}
              autosize
              minRows={4}
              maxRows={14}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            {text.trim() && (
              <Paper withBorder p="sm" data-testid="markdown-preview">
                <Text size="xs" c="dimmed" mb={4}>
                  {t('markdown.preview')}
                </Text>
                <Markdown text={text} />
              </Paper>
            )}
          </>
        )}
        {(kind === 'heading' || kind === 'link') && (
          <TextInput
            label={t('dashboards.text')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
        {kind === 'link' && (
          <TextInput
            label={t('dashboards.linkUrl')}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('dashboards.cancel')}
          </Button>
          <Button onClick={submit} disabled={!ready}>
            {t('dashboards.add')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
