import { Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconFileSpreadsheet } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

const ACCEPT = '.xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt'

/** A drop target that is also a button (click, Enter or Space opens the file chooser). */
export function FileDropZone({ onFile, disabled }: { onFile: (file: File) => void; disabled?: boolean }) {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const open = () => !disabled && input.current?.click()

  return (
    <Paper
      withBorder
      p="xl"
      radius="md"
      role="button"
      tabIndex={0}
      aria-disabled={disabled}
      data-testid="file-drop-zone"
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          open()
        }
      }}
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        const file = e.dataTransfer.files[0]
        if (file && !disabled) onFile(file)
      }}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        cursor: disabled ? 'default' : 'pointer',
        borderColor: over ? 'var(--mantine-color-blue-5)' : undefined,
        background: over ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group justify="center" gap="lg" wrap="nowrap">
        <ThemeIcon size={48} radius="xl" variant="light">
          <IconFileSpreadsheet size={26} />
        </ThemeIcon>
        <Stack gap={2}>
          <Text fw={500}>{t('data.drop.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('data.drop.hint')}
          </Text>
        </Stack>
      </Group>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        aria-label={t('data.drop.input')}
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0]
          e.currentTarget.value = ''
          if (file) onFile(file)
        }}
      />
    </Paper>
  )
}
