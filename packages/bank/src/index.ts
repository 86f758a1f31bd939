export { type BankDb, type BankDbOptions, createBankDb } from './db/bank-db'
export { MIGRATIONS_DIR, migrate } from './db/migrate'

/** Name of the logical-replication publication the CDC pipeline subscribes to. */
export const BANK_PUBLICATION = 'vitrina_bank'
