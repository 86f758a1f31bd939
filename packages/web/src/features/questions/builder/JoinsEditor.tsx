import { ActionIcon, Badge, Button, Group, Menu, Select, Stack, Text } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import type { Join, Query, SourceCatalog } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { findTable } from './builder-model'

interface Props {
  query: Query
  catalog: SourceCatalog | null
  onChange(joins: Join[]): void
}

interface Candidate {
  /** The source (null) or an earlier join. */
  alias: string | null
  left: string
  table: { schema: string; name: string }
  right: string
  detected: boolean
}

/** Joins along declared or detected foreign keys of the source and of earlier joins, in either direction. */
export function JoinsEditor({ query, catalog, onChange }: Props) {
  const { t } = useTranslation()
  const from: { alias: string | null; table: { schema: string; name: string } }[] = [
    ...(query.source.kind === 'table' ? [{ alias: null, table: query.source }] : []),
    ...query.joins.map((j) => ({ alias: j.alias, table: j.table })),
  ]
  // Both directions of a key: along this table's own keys, and from tables whose keys point at it.
  const candidates: Candidate[] = from.flatMap(({ alias, table }) => [
    ...(findTable(catalog, table)?.foreignKeys ?? []).map((fk) => ({
      alias,
      left: fk.column,
      table: { schema: fk.references.schema, name: fk.references.name },
      right: fk.references.column,
      detected: fk.detected,
    })),
    ...(catalog?.tables ?? []).flatMap((other) =>
      other.foreignKeys
        .filter((fk) => fk.references.schema === table.schema && fk.references.name === table.name)
        .map((fk) => ({
          alias,
          left: fk.references.column,
          table: { schema: other.schema, name: other.name },
          right: fk.column,
          detected: fk.detected,
        })),
    ),
  ])
  const taken = new Set(query.joins.map((j) => j.alias))
  const aliasFor = (name: string) => {
    let alias = name
    for (let n = 2; taken.has(alias); n++) alias = `${name}_${n}`
    return alias
  }

  return (
    <Stack gap="xs">
      {query.joins.map((join, i) => (
        <Group key={join.alias} gap="xs" data-testid="join-row">
          <Select
            aria-label={t('questions.builder.joinKind')}
            w={150}
            allowDeselect={false}
            data={[
              { value: 'left', label: t('questions.builder.leftJoin') },
              { value: 'inner', label: t('questions.builder.innerJoin') },
            ]}
            value={join.kind}
            onChange={(kind) =>
              kind &&
              onChange(query.joins.map((j, k) => (k === i ? { ...j, kind: kind as 'left' | 'inner' } : j)))
            }
          />
          <Text size="sm">
            {join.table.name} <Badge variant="light">{join.alias}</Badge> {t('questions.builder.on')}{' '}
            <code>
              {join.on.left.table ?? t('questions.builder.sourceAlias')}.{join.on.left.column} = {join.alias}.
              {join.on.right}
            </code>
          </Text>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('questions.builder.remove')}
            onClick={() => onChange(query.joins.filter((_, k) => k !== i))}
          >
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Menu withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={candidates.length === 0}
            >
              {t('questions.builder.addJoin')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {candidates.map((c) => (
              <Menu.Item
                key={`${c.alias}.${c.left}>${c.table.schema}.${c.table.name}.${c.right}`}
                onClick={() =>
                  onChange([
                    ...query.joins,
                    {
                      alias: aliasFor(c.table.name),
                      kind: 'left',
                      table: c.table,
                      on: { left: { kind: 'field', table: c.alias, column: c.left }, right: c.right },
                    },
                  ])
                }
              >
                {c.alias ?? t('questions.builder.sourceAlias')}.{c.left} → {c.table.name}.{c.right}
                {c.detected && ` (${t('questions.builder.detected')})`}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {candidates.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('questions.builder.noForeignKeys')}
          </Text>
        )}
      </Group>
    </Stack>
  )
}
