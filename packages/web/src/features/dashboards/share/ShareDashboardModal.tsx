import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  CopyButton,
  Divider,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy, IconExternalLink, IconLink } from '@tabler/icons-react'
import type { CreatedShare, DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useCreateShareMutation } from '../../../data/dashboard-shares/shares-query'
import { FilterInput } from '../filters/FilterInput'
import { SharesList } from './SharesList'
import {
  createShareBody,
  EXPIRY_CHOICES,
  type ExpiryChoice,
  formatFilterValue,
  initialLocks,
  type LockState,
} from './share-model'
import { usePresetName } from './use-preset-name'

/**
 * Create a public link (label, expiry, filters locked to the values on the page), copy it once, and
 * manage the dashboard's existing links. Opened by the Share button of editors.
 */
export function ShareDashboardModal(props: {
  dashboardId: string
  filters: DashboardFilter[]
  /** The filter values on the page now: what "lock" fixes unless the editor changes it. */
  values: Record<string, DashboardFilterValue | null | undefined>
  opened: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const presetName = usePresetName()
  const create = useCreateShareMutation(props.dashboardId)
  const [label, setLabel] = useState('')
  const [expiry, setExpiry] = useState<ExpiryChoice>('never')
  const [expiryDate, setExpiryDate] = useState('')
  const [locks, setLocks] = useState<LockState>(() => initialLocks(props.filters, props.values))
  const [created, setCreated] = useState<CreatedShare | null>(null)
  // Linked filters' value lists follow the values chosen here.
  const lockedValues = Object.fromEntries(Object.entries(locks).map(([id, l]) => [id, l.value]))

  const reset = () => {
    setLabel('')
    setExpiry('never')
    setExpiryDate('')
    setLocks(initialLocks(props.filters, props.values))
    setCreated(null)
    create.reset()
  }
  const close = () => {
    reset()
    props.onClose()
  }
  const url = created ? `${window.location.origin}${created.path}` : ''
  const submit = () =>
    create.mutate(createShareBody({ label, expiry, expiryDate, locks }), { onSuccess: setCreated })

  return (
    <Modal opened={props.opened} onClose={close} title={t('share.title')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('share.intro')}
        </Text>
        <Title order={5}>{t('share.newLink')}</Title>
        <Group grow align="flex-start">
          <TextInput
            label={t('share.label')}
            placeholder={t('share.labelPlaceholder')}
            value={label}
            maxLength={100}
            onChange={(e) => setLabel(e.currentTarget.value)}
          />
          <Select
            label={t('share.expiry')}
            data={EXPIRY_CHOICES.map((c) => ({
              value: c,
              label:
                c === 'never'
                  ? t('share.expiryNever')
                  : c === 'date'
                    ? t('share.expiryCustom')
                    : t('share.expiryDays', { count: Number(c) }),
            }))}
            value={expiry}
            onChange={(v) => setExpiry((v as ExpiryChoice | null) ?? 'never')}
            allowDeselect={false}
          />
        </Group>
        {expiry === 'date' && (
          <TextInput
            type="date"
            label={t('share.expiryDate')}
            value={expiryDate}
            onChange={(e) => setExpiryDate(e.currentTarget.value)}
            w={220}
          />
        )}
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('share.lockTitle')}
          </Text>
          {props.filters.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('share.noFilters')}
            </Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                {t('share.lockHint')}
              </Text>
              {props.filters.map((f) => {
                const lock = locks[f.id] ?? { locked: false, value: null }
                const setLock = (next: Partial<typeof lock>) =>
                  setLocks((l) => ({ ...l, [f.id]: { ...lock, ...next } }))
                return (
                  <Stack key={f.id} gap={4}>
                    <Group gap="xs" wrap="nowrap">
                      <Checkbox
                        label={t('share.lockFilter', { name: f.name })}
                        checked={lock.locked}
                        onChange={(e) => setLock({ locked: e.currentTarget.checked })}
                      />
                      {!lock.locked && (
                        <Text size="sm" c="dimmed">
                          {formatFilterValue(lock.value, presetName) ?? t('share.noValue')}
                        </Text>
                      )}
                    </Group>
                    {lock.locked && (
                      <Box pl="xl" data-testid={`share-lock-${f.id}`}>
                        <FilterInput
                          filter={f}
                          value={lock.value}
                          values={lockedValues}
                          disabled={false}
                          onChange={(value) => setLock({ value })}
                        />
                      </Box>
                    )}
                  </Stack>
                )
              })}
            </>
          )}
        </Stack>
        <ErrorAlert error={create.error} />
        {created ? (
          <Alert color="green" icon={<IconLink size={18} />}>
            <Stack gap="xs">
              <Text size="sm">{t('share.created')}</Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  aria-label={t('share.linkField')}
                  value={url}
                  readOnly
                  style={{ flex: 1 }}
                  onFocus={(e) => e.currentTarget.select()}
                  data-testid="share-url"
                />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('share.copied') : t('share.copy')}>
                      <ActionIcon variant="default" size="lg" onClick={copy} aria-label={t('share.copy')}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
                <Tooltip label={t('share.open')}>
                  <ActionIcon
                    component="a"
                    href={url}
                    target="_blank"
                    rel="noopener noreferrer"
                    variant="default"
                    size="lg"
                    aria-label={t('share.open')}
                  >
                    <IconExternalLink size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group justify="flex-end">
            <Button
              leftSection={<IconLink size={16} />}
              onClick={submit}
              loading={create.isPending}
              disabled={expiry === 'date' && !expiryDate}
            >
              {t('share.create')}
            </Button>
          </Group>
        )}
        {created && (
          <Group justify="flex-end">
            <Anchor component="button" size="sm" onClick={reset}>
              {t('share.newLink')}
            </Anchor>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {t('share.embedIds', { id: props.dashboardId })}
          {props.filters.length > 0 &&
            ` ${t('share.filterIds', { list: props.filters.map((f) => `${f.name} — ${f.id}`).join(', ') })}`}
        </Text>
        <Divider />
        <Title order={5}>{t('share.existing')}</Title>
        <SharesList dashboardId={props.dashboardId} filters={props.filters} enabled={props.opened} />
      </Stack>
    </Modal>
  )
}
