import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Popover,
  SegmentedControl,
  Stack,
  TextInput,
} from '@mantine/core'
import { IconFilter, IconFilterFilled } from '@tabler/icons-react'
import type { DatasetColumn } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ColumnFilterValue, EMPTY_FILTER, filterKind, isActive } from './filters'

/** The filter of one column, shaped by its type: substring, a from–to range, or yes/no. */
export function ColumnFilter({
  column,
  value,
  onChange,
}: {
  column: DatasetColumn
  value: ColumnFilterValue | undefined
  onChange: (value: ColumnFilterValue) => void
}) {
  const { t } = useTranslation()
  const [opened, setOpened] = useState(false)
  const [draft, setDraft] = useState<ColumnFilterValue>(value ?? EMPTY_FILTER)
  const kind = filterKind(column.type)
  const active = isActive(value)
  const apply = () => {
    onChange(draft)
    setOpened(false)
  }

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      onOpen={() => setDraft(value ?? EMPTY_FILTER)}
      position="bottom-start"
      withArrow
      trapFocus
    >
      <Popover.Target>
        <ActionIcon
          size="sm"
          variant={active ? 'light' : 'subtle'}
          color={active ? 'blue' : 'gray'}
          aria-label={`${t('data.rows.filter')}: ${column.displayName}`}
          onClick={(e) => {
            e.stopPropagation()
            setOpened((o) => !o)
          }}
        >
          {active ? <IconFilterFilled size={14} /> : <IconFilter size={14} />}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown onClick={(e) => e.stopPropagation()}>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            apply()
          }}
        >
          <Stack gap="xs" w={240}>
            {kind === 'text' && (
              <TextInput
                label={t('data.rows.contains')}
                value={draft.contains}
                disabled={draft.empty}
                onChange={(e) => setDraft({ ...draft, contains: e.currentTarget.value })}
              />
            )}
            {kind === 'range' && (
              <Group grow gap="xs">
                <TextInput
                  label={t('data.rows.from')}
                  value={draft.from}
                  disabled={draft.empty}
                  onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
                />
                <TextInput
                  label={t('data.rows.to')}
                  value={draft.to}
                  disabled={draft.empty}
                  onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
                />
              </Group>
            )}
            {kind === 'boolean' && (
              <SegmentedControl
                size="xs"
                disabled={draft.empty}
                value={draft.bool}
                onChange={(v) => setDraft({ ...draft, bool: v as ColumnFilterValue['bool'] })}
                data={[
                  { value: '', label: t('data.rows.any') },
                  { value: 'true', label: t('common.yes') },
                  { value: 'false', label: t('common.no') },
                ]}
              />
            )}
            <Checkbox
              label={t('data.rows.isEmpty')}
              checked={draft.empty}
              onChange={(e) => setDraft({ ...draft, empty: e.currentTarget.checked })}
            />
            <Group justify="space-between">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => {
                  onChange(EMPTY_FILTER)
                  setOpened(false)
                }}
              >
                {t('data.rows.clearFilters')}
              </Button>
              <Button size="xs" type="submit">
                {t('data.rows.filter')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  )
}
