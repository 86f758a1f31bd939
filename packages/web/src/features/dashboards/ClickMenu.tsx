import { Menu } from '@mantine/core'
import { IconFilter, IconTable } from '@tabler/icons-react'
import type { CellValue } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { type FormatLocale, formatDate, formatNumber } from '../viz'
import type { ClickActions } from './model/cross-filter'
import { describeValue } from './model/describe'

export interface OpenClick {
  at: { x: number; y: number }
  cardId: string
  column: string
  value: CellValue
  actions: ClickActions
}

/** What a click on a chart offers, at the pointer: set a filter, filter the dashboard by it, see the rows. */
export function ClickMenu(props: {
  click: OpenClick | null
  onClose: () => void
  onFilter: (filterId: string) => void
  onCross: () => void
  onRows: () => void
}) {
  const { t, i18n } = useTranslation()
  const locale: FormatLocale = i18n.language === 'en' ? 'en-GB' : 'ru-RU'
  const click = props.click
  const shown =
    click === null
      ? ''
      : typeof click.value === 'number'
        ? formatNumber(click.value, undefined, locale)
        : click.actions.cross?.bucket
          ? formatDate(click.value, { unit: click.actions.cross.bucket }, locale)
          : String(click.value ?? '—')
  return (
    <Menu
      opened={click !== null}
      onChange={(open) => !open && props.onClose()}
      withinPortal
      position="bottom-start"
    >
      <Menu.Target>
        <div
          aria-hidden
          style={{ position: 'fixed', left: click?.at.x ?? 0, top: click?.at.y ?? 0, width: 1, height: 1 }}
        />
      </Menu.Target>
      <Menu.Dropdown data-testid="chart-click-menu">
        <Menu.Label>
          {click?.column}: {shown}
        </Menu.Label>
        {click?.actions.filters.map(({ filter, value }) => (
          <Menu.Item
            key={filter.id}
            leftSection={<IconFilter size={14} />}
            onClick={() => props.onFilter(filter.id)}
          >
            {t('dashboards.click.setFilter', { name: filter.name, value: describeValue(value, t, locale) })}
          </Menu.Item>
        ))}
        {click?.actions.cross && (
          <Menu.Item leftSection={<IconFilter size={14} />} onClick={props.onCross}>
            {t('dashboards.click.crossFilter', { value: shown })}
          </Menu.Item>
        )}
        {click?.actions.rows && (
          <Menu.Item leftSection={<IconTable size={14} />} onClick={props.onRows}>
            {t('dashboards.click.rows')}
          </Menu.Item>
        )}
        {click && click.actions.filters.length === 0 && !click.actions.cross && !click.actions.rows && (
          <Menu.Item disabled>{t('dashboards.click.nothing')}</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
