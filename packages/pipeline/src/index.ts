export { BANK_VAULT, bankVaultConfig } from './bank/vault-config'
export type {
  HubConfig,
  LinkConfig,
  SatelliteConfig,
  TableConfig,
  VaultConfig,
  VaultConfigInput,
} from './config'
export { parseVaultConfig, vaultConfigSchema } from './config'
export { loadVaultConfig } from './config-file'
export type { ConnectionSpec } from './connections'
export { PipelineError, type PipelineErrorCode } from './errors'
export { hashDiff, hashKey } from './hashing'
export { type InitOptions, type InitResult, init, type ResnapshotOptions, resnapshot } from './init'
export { type BatchInfo, checkSlotAgainstCheckpoint, type RunOptions, type RunResult, run } from './loader'
export { formatLsn, parseLsn } from './lsn'
export { createPipelineMetrics, type PipelineMetrics } from './metrics'
export { type Reconciliation, reconcile, type SatelliteReconciliation } from './reconcile'
export { type PipelineStatus, type StatusOptions, status } from './status'
export { runSupervised } from './supervise'
