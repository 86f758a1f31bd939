export { type BankDb, type BankDbOptions, createBankDb } from './db/bank-db'
export { MIGRATIONS_DIR, migrate } from './db/migrate'
export { authenticate, createSession, findSession } from './domain/auth'
export { type CreatedCustomer, createCustomer, type NewAccount, type NewCustomer } from './domain/customers'
export { deposit, type OperationResult, transfer, withdraw } from './domain/operations'
export { getProfile, history, listAccounts } from './domain/queries'
export { type ReconciliationReport, reconcile } from './domain/reconciliation'
export { DEFAULT_SEED_PASSWORD, seed } from './domain/seed'
export { BANK_ERROR_CODES, BankError, type BankErrorCode } from './errors'
export { type BankAppOptions, createBankApp } from './http/app'
export { type BankMetrics, bankMetrics, createBankMetrics } from './metrics'

/** Name of the logical-replication publication the CDC pipeline subscribes to. */
export const BANK_PUBLICATION = 'vitrina_bank'
