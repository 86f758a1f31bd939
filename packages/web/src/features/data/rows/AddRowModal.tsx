import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ApiDataset } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { useAddRowMutation } from '../../../data/datasets/rows-query'
import { badColumn, typedToValue, useCellErrorText } from './cell-error'

/** One field per column, typed as the user would in Excel; the server checks each value against its type. */
export function AddRowModal({ dataset, onClose }: { dataset: ApiDataset; onClose: () => void }) {
  const { t } = useTranslation()
  const add = useAddRowMutation(dataset.id)
  const cellError = useCellErrorText()
  const [values, setValues] = useState<Record<string, string>>({})
  const wrong = badColumn(add.error)

  const submit = () =>
    add.mutate(
      {
        values: Object.fromEntries(
          dataset.columns.map((c) => [c.identifier, typedToValue(values[c.identifier] ?? '')]),
        ),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('data.rows.added') })
          onClose()
        },
      },
    )

  return (
    <Modal opened onClose={onClose} title={t('data.edit.newRow')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Stack>
          {dataset.columns.map((c, i) => (
            <TextInput
              key={c.identifier}
              data-autofocus={i === 0 || undefined}
              label={c.displayName}
              description={t(`data.types.${c.type}`)}
              required={c.required}
              value={values[c.identifier] ?? ''}
              error={wrong === c.identifier ? cellError(add.error) : undefined}
              onChange={(e) => setValues({ ...values, [c.identifier]: e.currentTarget.value })}
            />
          ))}
          {add.error && !wrong && <ErrorAlert error={add.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
