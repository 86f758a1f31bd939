import { ActionIcon, Button, Menu, Text, TextInput } from '@mantine/core'
import { IconBookmark, IconHistory, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { localLibrary } from './local-library'

interface Props {
  userId: string
  currentSql: string
  onPick(sqlText: string): void
  onInsert(sqlText: string): void
}

/** Local query history (replaces the editor text) and saved snippets (inserted at the cursor). */
export function LibraryMenu({ userId, currentSql, onPick, onInsert }: Props) {
  const { t, i18n } = useTranslation()
  const [, refresh] = useState(0)
  const [snippetName, setSnippetName] = useState('')
  const history = localLibrary.history(userId)
  const snippets = localLibrary.snippets(userId)

  return (
    <>
      <Menu position="bottom-end" width={420} withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconHistory size={14} />}
            data-testid="history-button"
          >
            {t('questions.sql.history')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah={400} style={{ overflow: 'auto' }}>
          {history.length === 0 && <Menu.Label>{t('questions.sql.historyEmpty')}</Menu.Label>}
          {history.map((entry) => (
            <Menu.Item key={entry.at} onClick={() => onPick(entry.sql)}>
              <Text size="xs" c="dimmed">
                {new Date(entry.at).toLocaleString(i18n.language)}
              </Text>
              <Text size="sm" ff="monospace" lineClamp={2}>
                {entry.sql}
              </Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-end" width={360} withinPortal closeOnItemClick={false}>
        <Menu.Target>
          <Button variant="default" size="xs" leftSection={<IconBookmark size={14} />}>
            {t('questions.sql.snippets')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {snippets.map((s) => (
            <Menu.Item
              key={s.name}
              onClick={() => onInsert(s.sql)}
              rightSection={
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={t('questions.sql.deleteSnippet')}
                  onClick={(e) => {
                    e.stopPropagation()
                    localLibrary.deleteSnippet(userId, s.name)
                    refresh((n) => n + 1)
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {s.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <TextInput
            size="xs"
            m={6}
            placeholder={t('questions.sql.snippetName')}
            value={snippetName}
            onChange={(e) => setSnippetName(e.currentTarget.value)}
            rightSectionWidth={90}
            rightSection={
              <Button
                size="compact-xs"
                disabled={!snippetName.trim() || !currentSql.trim()}
                onClick={() => {
                  localLibrary.saveSnippet(userId, { name: snippetName.trim(), sql: currentSql })
                  setSnippetName('')
                  refresh((n) => n + 1)
                }}
              >
                {t('questions.sql.saveSnippet')}
              </Button>
            }
          />
        </Menu.Dropdown>
      </Menu>
    </>
  )
}
