import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../config/config'
import type { SystemDb } from '../../db/system-db'
import type { AppInstance } from '../../http/app-types'
import type { VitrinaMetrics } from '../../metrics/registry'
import type { Warehouse } from '../../warehouse'
import type { AuditRepo } from '../audit/audit.repo'
import { datasetReaders } from '../dataset-rows/dataset-reader'
import { createExportService } from '../dataset-rows/export.service'
import { registerRowRoutes } from '../dataset-rows/rows.routes'
import { createRowsService } from '../dataset-rows/rows.service'
import { createImportsService } from '../uploads/imports.service'
import { createProgressHub } from '../uploads/progress-hub'
import { uploadPaths } from '../uploads/upload-storage'
import { createUploadsRepo } from '../uploads/uploads.repo'
import { registerUploadRoutes } from '../uploads/uploads.routes'
import { createUploadsService } from '../uploads/uploads.service'
import { createDatasetReferences, registerDatasetReferenceRoutes } from './dataset-references'
import { createDatasetSchemaChanges } from './dataset-schema'
import { createDatasetsRepo } from './datasets.repo'
import { registerDatasetRoutes } from './datasets.routes'
import { createDatasetsService } from './datasets.service'
import { createLinkedDatasets, type LinkedSourceAccess } from './linked-datasets'

/** Datasets, uploads, batches and rows, built from their dependencies (called by main.ts). */
export function createDatasetFeature(deps: {
  db: SystemDb
  audit: AuditRepo
  warehouse: Warehouse
  config: Pick<Config, 'dataDir' | 'uploads'>
  logger: FastifyBaseLogger | null
  metrics: Pick<VitrinaMetrics, 'uploads' | 'rowsIngested'>
  /** After every committed change of a dataset's rows (load, rollback, row edit): main.ts drops cached results. */
  onDataChanged?: (datasetId: string) => void
  /** After declared column references change: main.ts re-reads the warehouse catalog (its foreign keys). */
  onReferencesChanged?: () => Promise<void>
  /** After a column was added or a dataset deleted: main.ts re-reads the warehouse catalog. */
  onSchemaChanged?: () => Promise<void>
  /** The sources linked datasets read (main.ts: the query feature's sources service, built after this). */
  linkedSources?: () => LinkedSourceAccess
}) {
  const onDataChanged = deps.onDataChanged ?? (() => {})
  const { db, audit, warehouse } = deps
  const paths = uploadPaths(deps.config.dataDir)
  const limits = {
    maxBytes: deps.config.uploads.maxBytes,
    parseTimeoutMs: deps.config.uploads.parseTimeoutMs,
    file: deps.config.uploads.limits,
  }
  const datasetsRepo = createDatasetsRepo(db)
  const datasets = createDatasetsService({ db, repo: datasetsRepo, audit, warehouse })
  const linkedSources =
    deps.linkedSources ??
    (() => {
      throw new Error('Linked datasets need the sources of the query feature')
    })
  const readerFor = datasetReaders(warehouse, linkedSources)
  const uploadsRepo = createUploadsRepo(db)
  const uploads = createUploadsService({ repo: uploadsRepo, datasets, paths, limits })
  const imports = createImportsService({
    db,
    repo: uploadsRepo,
    datasetsRepo,
    datasets,
    uploads,
    audit,
    warehouse,
    hub: createProgressHub(),
    paths,
    limits,
    logger: deps.logger,
    metrics: deps.metrics,
    onDataChanged,
  })
  const schema = createDatasetSchemaChanges({
    db,
    repo: datasetsRepo,
    audit,
    warehouse,
    datasets,
    originalsOf: paths.originals,
    runningImports: imports.runningInto,
    logger: deps.logger,
    onDataChanged,
    onSchemaChanged: deps.onSchemaChanged ?? (async () => {}),
  })
  return {
    warehouse,
    datasets,
    schema,
    uploads,
    imports,
    references: createDatasetReferences({ db, datasets, audit, onChanged: deps.onReferencesChanged }),
    linked: createLinkedDatasets({ db, repo: datasetsRepo, audit, datasets, sources: linkedSources }),
    rows: createRowsService({ db, warehouse, readerFor, datasets, datasetsRepo, audit, onDataChanged }),
    exports: createExportService({ readerFor, datasets, tempDir: path.dirname(paths.temp('x')) }),
    maxUploadBytes: limits.maxBytes,
    /** Where the highlighted copy of a refused batch is written. */
    errorReportPath: paths.report,
    /** Waits for running imports, then closes the warehouse. */
    async close(): Promise<void> {
      await imports.idle()
      await warehouse.close()
    },
  }
}
export type DatasetFeature = ReturnType<typeof createDatasetFeature>

export function registerDatasetFeatureRoutes(app: AppInstance, feature: DatasetFeature): void {
  registerDatasetRoutes(app, { datasets: feature.datasets, schema: feature.schema, linked: feature.linked })
  registerUploadRoutes(app, {
    uploads: feature.uploads,
    imports: feature.imports,
    maxBytes: feature.maxUploadBytes,
  })
  registerRowRoutes(app, { rows: feature.rows, exports: feature.exports })
  registerDatasetReferenceRoutes(app, { references: feature.references })
}
