import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'

export type AttributeRow = { key: string; value: string }

export function toRows(attributes: Record<string, string>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value }))
}

export function toRecord(rows: AttributeRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]))
}

export function AttributesEditor({
  rows,
  onChange,
}: {
  rows: AttributeRow[]
  onChange: (rows: AttributeRow[]) => void
}) {
  const { t } = useTranslation()
  const set = (i: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('admin.attributes')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('admin.attributesHint')}
      </Text>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <Group key={i} gap="xs" wrap="nowrap">
          <TextInput
            placeholder={t('admin.attributeKey')}
            aria-label={t('admin.attributeKey')}
            value={row.key}
            onChange={(e) => set(i, { key: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <TextInput
            placeholder={t('admin.attributeValue')}
            aria-label={t('admin.attributeValue')}
            value={row.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <ActionIcon variant="subtle" color="red" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('admin.addAttribute')}
      </Button>
    </Stack>
  )
}
