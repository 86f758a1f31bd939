import { Button, Divider, Group, Modal, SegmentedControl, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlugConnected } from '@tabler/icons-react'
import type { ApiSource, SourceSettings } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useSaveSourceMutation, useTestSourceMutation } from '../../data/sources/source-mutations'
import { ConnectionFields } from './ConnectionFields'
import { SettingsFields } from './SettingsFields'
import {
  type ConnectionDraft,
  connectionFromSource,
  connectionInput,
  DEFAULT_SETTINGS,
  EDITABLE_KINDS,
  type EditableKind,
  emptyConnection,
  switchKind,
} from './source-draft'
import { TestResultAlert } from './TestResultAlert'

/**
 * Adds a source or edits one: name, connection (the built-in warehouse has none), settings. "Test
 * connection" checks the connection as typed before anything is saved; saving tests it again server-side.
 */
export function SourceFormModal({
  source,
  onClose,
  onSaved,
}: {
  source: ApiSource | null
  onClose: () => void
  onSaved?: (source: ApiSource) => void
}) {
  const { t } = useTranslation()
  const save = useSaveSourceMutation()
  const test = useTestSourceMutation()
  const stored = source ? connectionFromSource(source) : emptyConnection('postgres')
  const [name, setName] = useState(source?.name ?? '')
  const [connection, setConnection] = useState<ConnectionDraft | null>(stored)
  const [settings, setSettings] = useState<SourceSettings>(source?.settings ?? DEFAULT_SETTINGS)
  const hasPassword = source !== null && 'hasPassword' in source.connection && source.connection.hasPassword

  const changeConnection = (next: ConnectionDraft) => {
    setConnection(next)
    test.reset()
  }

  const runTest = () => {
    if (!connection) return
    // A blank password on edit means "the stored one": only the server can test with it.
    const unchanged = source !== null && JSON.stringify(connection) === JSON.stringify(stored)
    test.mutate(unchanged && source ? { id: source.id } : { connection: connectionInput(connection) })
  }

  const submit = () => {
    const typed = connection ? { connection: connectionInput(connection) } : {}
    const request =
      source === null
        ? {
            id: null,
            body: {
              name: name.trim(),
              settings,
              connection: connectionInput(connection ?? emptyConnection('postgres')),
            },
          }
        : { id: source.id, body: source.builtIn ? { settings } : { name: name.trim(), settings, ...typed } }
    save.mutate(request, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: t('sources.saved') })
        onSaved?.(saved)
        onClose()
      },
    })
  }

  return (
    <Modal opened onClose={onClose} size="lg" title={source ? source.name : t('sources.add')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Stack>
          {!source?.builtIn && (
            <TextInput
              label={t('common.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          )}
          {connection && (
            <>
              {source === null && (
                <SegmentedControl
                  aria-label={t('sources.kind')}
                  value={connection.kind}
                  onChange={(v) => changeConnection(switchKind(connection, v as EditableKind))}
                  data={EDITABLE_KINDS.map((k) => ({ value: k, label: t(`sources.kinds.${k}`) }))}
                />
              )}
              <ConnectionFields draft={connection} onChange={changeConnection} hasPassword={hasPassword} />
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconPlugConnected size={16} />}
                  loading={test.isPending}
                  onClick={runTest}
                >
                  {t('sources.test.button')}
                </Button>
              </Group>
              {test.data && <TestResultAlert result={test.data} />}
              <ErrorAlert error={test.error} />
            </>
          )}
          <Divider label={t('sources.settings.title')} labelPosition="left" />
          <SettingsFields settings={settings} onChange={setSettings} />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {source ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
