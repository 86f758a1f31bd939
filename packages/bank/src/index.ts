import { fileURLToPath } from 'node:url'

/** Folder of the plain-SQL migrations, applied in file-name order. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./db/migrations/', import.meta.url))

/** Name of the logical-replication publication the CDC pipeline subscribes to. */
export const BANK_PUBLICATION = 'vitrina_bank'
