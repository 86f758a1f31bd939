import { ActionIcon, Button, Group, Stack, TextInput } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import type { CalculatedColumn } from '@vitrina/contracts'
import { parseExpression } from '@vitrina/query/expression'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatExpression } from './format-expression'

interface Draft {
  name: string
  text: string
  error: string | null
}

/** Calculated columns in the expression language of `@vitrina/query` (parsed here, checked again on the server). */
export function ExpressionsEditor({
  expressions,
  onChange,
}: {
  expressions: CalculatedColumn[]
  onChange(next: CalculatedColumn[]): void
}) {
  const { t } = useTranslation()
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    expressions.map((e) => ({ name: e.name, text: formatExpression(e.expression), error: null })),
  )

  // Only complete, parseable rows reach the query; the others stay drafts with their error shown.
  const update = (next: Draft[]) => {
    const checked = next.map((d) => {
      try {
        parseExpression(d.text)
        return { ...d, error: null }
      } catch (err) {
        return { ...d, error: d.text.trim() ? (err as Error).message : null }
      }
    })
    setDrafts(checked)
    onChange(
      checked
        .filter((d) => d.name.trim() && d.text.trim() && !d.error)
        .map((d) => ({ name: d.name.trim(), expression: parseExpression(d.text) })),
    )
  }
  const set = (i: number, patch: Partial<Draft>) =>
    update(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)))

  return (
    <Stack gap="xs">
      {drafts.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: drafts are edited in place by position
        <Group key={i} gap="xs" align="start">
          <TextInput
            aria-label={t('questions.builder.expressionName')}
            placeholder={t('questions.builder.expressionName')}
            w={160}
            value={d.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
          />
          <TextInput
            aria-label={t('questions.builder.expression')}
            placeholder="[amount] * 1.2"
            style={{ flex: 1 }}
            ff="monospace"
            value={d.text}
            error={d.error}
            onChange={(e) => set(i, { text: e.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('questions.builder.remove')}
            onClick={() => update(drafts.filter((_, j) => j !== i))}
          >
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => setDrafts([...drafts, { name: '', text: '', error: null }])}
        >
          {t('questions.builder.addExpression')}
        </Button>
      </Group>
    </Stack>
  )
}
