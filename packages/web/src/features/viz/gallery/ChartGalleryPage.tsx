import { Card, Grid, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ChartSpec } from '@vitrina/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { VisualizationSettings } from '../settings/VisualizationSettings'
import { Visualization } from '../Visualization'
import { GALLERY, monthlySales } from './samples'

/**
 * Every chart type on sample data (admins only): the visual smoke test draws this page, and it is where a
 * change to the renderers or the settings panel can be looked at in one place.
 */
export function ChartGalleryPage() {
  const { t } = useTranslation()
  const [spec, setSpec] = useState<ChartSpec>(GALLERY.find((s) => s.id === 'line')!.spec)
  return (
    <Stack>
      <Title order={2}>{t('charts.gallery.title')}</Title>
      <Text c="dimmed">{t('charts.gallery.text')}</Text>
      <Card withBorder data-testid="gallery-editor">
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Visualization result={monthlySales} spec={spec} height={360} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <VisualizationSettings columns={monthlySales.columns} spec={spec} onChange={setSpec} />
          </Grid.Col>
        </Grid>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {GALLERY.map((sample) => (
          <Card key={sample.id} withBorder data-testid={`gallery-${sample.id}`}>
            <Text fw={600} size="sm" mb="xs">
              {t(`charts.types.${sample.spec.type}`)} · {sample.id}
            </Text>
            <Visualization result={sample.result} spec={sample.spec} height={260} />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  )
}
