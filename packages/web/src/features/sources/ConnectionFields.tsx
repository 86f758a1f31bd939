import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { ConnectionDraft } from './source-draft'

interface Props {
  draft: ConnectionDraft
  onChange: (draft: ConnectionDraft) => void
  /** On edit: a stored password is kept when the field stays empty. */
  hasPassword: boolean
}

/** The connection fields of the chosen kind. */
export function ConnectionFields({ draft, onChange, hasPassword }: Props) {
  const { t } = useTranslation()
  const set = <K extends keyof ConnectionDraft>(key: K, value: ConnectionDraft[K]) =>
    onChange({ ...draft, [key]: value })
  const password = (
    <PasswordInput
      label={draft.kind === 'prometheus' ? t('sources.form.token') : t('common.password')}
      placeholder={hasPassword ? t('sources.form.passwordKept') : undefined}
      value={draft.password}
      onChange={(e) => set('password', e.currentTarget.value)}
      autoComplete="new-password"
    />
  )

  if (draft.kind === 'duckdb')
    return (
      <TextInput
        label={t('sources.form.path')}
        description={t('sources.form.pathHint')}
        required
        value={draft.path}
        onChange={(e) => set('path', e.currentTarget.value)}
      />
    )
  if (draft.kind === 'prometheus')
    return (
      <Stack gap="sm">
        <TextInput
          label={t('sources.form.url')}
          required
          value={draft.url}
          onChange={(e) => set('url', e.currentTarget.value)}
        />
        {password}
      </Stack>
    )
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <TextInput
          label={t('sources.form.host')}
          required
          value={draft.host}
          onChange={(e) => set('host', e.currentTarget.value)}
        />
        <NumberInput
          label={t('sources.form.port')}
          required
          min={1}
          max={65_535}
          maw={120}
          value={draft.port}
          onChange={(v) => set('port', Number(v) || 0)}
        />
      </Group>
      <TextInput
        label={t('sources.form.database')}
        required
        value={draft.database}
        onChange={(e) => set('database', e.currentTarget.value)}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('sources.form.user')}
          required
          value={draft.user}
          onChange={(e) => set('user', e.currentTarget.value)}
        />
        {password}
      </Group>
      <Checkbox
        label={t('sources.form.ssl')}
        checked={draft.ssl}
        onChange={(e) => set('ssl', e.currentTarget.checked)}
      />
      {draft.kind === 'postgres' && <ReplicaFields draft={draft} onChange={onChange} />}
    </Stack>
  )
}

/** PostgreSQL read replicas: same database, user and password as the primary. */
function ReplicaFields({ draft, onChange }: Omit<Props, 'hasPassword'>) {
  const { t } = useTranslation()
  const setReplica = (index: number, replica: { host: string; port: number }) =>
    onChange({ ...draft, replicas: draft.replicas.map((r, i) => (i === index ? replica : r)) })
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('sources.form.replicas')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('sources.form.replicasHint')}
      </Text>
      {draft.replicas.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: replicas have no identity besides their place
        <Group key={i} align="flex-end">
          <TextInput
            label={t('sources.form.replicaHost', { n: i + 1 })}
            value={r.host}
            onChange={(e) => setReplica(i, { ...r, host: e.currentTarget.value })}
            flex={1}
          />
          <NumberInput
            label={t('sources.form.port')}
            min={1}
            max={65_535}
            w={120}
            value={r.port}
            onChange={(v) => setReplica(i, { ...r, port: Number(v) || 0 })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mb={4}
            aria-label={t('sources.form.removeReplica', { n: i + 1 })}
            onClick={() => onChange({ ...draft, replicas: draft.replicas.filter((_, j) => j !== i) })}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange({ ...draft, replicas: [...draft.replicas, { host: '', port: draft.port }] })
          }
        >
          {t('sources.form.addReplica')}
        </Button>
      </Group>
    </Stack>
  )
}
