import { parseVaultConfig, type VaultConfig, type VaultConfigInput } from '../config'
import { BUSINESS_VAULT_SQL } from './business-vault-sql'

const LINKS: Record<string, [name: string, hub: string, column: string][]> = {
  branches: [['link_branch_region', 'hub_region', 'region_id']],
  customers: [['link_customer_branch', 'hub_branch', 'home_branch_id']],
  customer_contacts: [['link_contact_customer', 'hub_customer', 'customer_id']],
  customer_addresses: [['link_address_customer', 'hub_customer', 'customer_id']],
  accounts: [
    ['link_account_customer', 'hub_customer', 'customer_id'],
    ['link_account_branch', 'hub_branch', 'branch_id'],
    ['link_account_currency', 'hub_currency', 'currency_code'],
    ['link_account_account_type', 'hub_account_type', 'type_code'],
  ],
  cards: [['link_card_account', 'hub_account', 'account_id']],
  operations: [['link_operation_customer', 'hub_customer', 'customer_id']],
  postings: [
    ['link_posting_operation', 'hub_operation', 'operation_id'],
    ['link_posting_account', 'hub_account', 'account_id'],
  ],
}

/**
 * The bank's Data Vault (packages/bank/SCHEMA.md). Business keys are the source primary keys: ids
 * are never reused or updated there. Every table gets one evolving satellite of its other columns;
 * foreign keys become links, one per relationship so a NULL (cash-desk accounts have no customer)
 * only drops that one link.
 */
export const BANK_VAULT: VaultConfigInput = {
  schema: 'vault',
  hubs: [
    { name: 'hub_region', businessKeys: ['region_id'] },
    { name: 'hub_branch', businessKeys: ['branch_id'] },
    { name: 'hub_customer', businessKeys: ['customer_id'] },
    { name: 'hub_contact', businessKeys: ['contact_id'] },
    { name: 'hub_address', businessKeys: ['address_id'] },
    { name: 'hub_currency', businessKeys: ['currency_code'] },
    { name: 'hub_account_type', businessKeys: ['account_type_code'] },
    { name: 'hub_account', businessKeys: ['account_id'] },
    { name: 'hub_card', businessKeys: ['card_id'] },
    { name: 'hub_operation', businessKeys: ['operation_id'] },
    { name: 'hub_posting', businessKeys: ['posting_id'] },
  ],
  tables: [
    table('regions', 'hub_region', ['id'], 'sat_region', ['code', 'name', 'created_at']),
    table('branches', 'hub_branch', ['id'], 'sat_branch', [
      'code',
      'region_id',
      'name',
      'city',
      'address',
      'opened_on',
      'created_at',
    ]),
    table('customers', 'hub_customer', ['id'], 'sat_customer', [
      'last_name',
      'first_name',
      'middle_name',
      'birth_date',
      'home_branch_id',
      'status',
      'created_at',
      'updated_at',
    ]),
    table('customer_contacts', 'hub_contact', ['id'], 'sat_contact', [
      'customer_id',
      'kind',
      'value',
      'is_primary',
      'verified_at',
      'created_at',
    ]),
    table('customer_addresses', 'hub_address', ['id'], 'sat_address', [
      'customer_id',
      'kind',
      'country_code',
      'postal_code',
      'city',
      'street',
      'house',
      'apartment',
      'valid_from',
      'valid_to',
      'created_at',
    ]),
    table('currencies', 'hub_currency', ['code'], 'sat_currency', ['numeric_code', 'name', 'minor_units']),
    table('account_types', 'hub_account_type', ['code'], 'sat_account_type', ['name', 'is_credit']),
    table('accounts', 'hub_account', ['id'], 'sat_account', [
      'number',
      'customer_id',
      'branch_id',
      'currency_code',
      'type_code',
      'is_credit',
      'credit_limit',
      'balance',
      'status',
      'opened_at',
      'closed_at',
      'updated_at',
    ]),
    table('cards', 'hub_card', ['id'], 'sat_card', [
      'account_id',
      'masked_number',
      'payment_system',
      'holder_name',
      'expires_on',
      'status',
      'issued_at',
      'updated_at',
    ]),
    // request_hash stays out: it is a fingerprint of the API request, not business data.
    table('operations', 'hub_operation', ['id'], 'sat_operation', [
      'kind',
      'status',
      'customer_id',
      'idempotency_key',
      'description',
      'failure_code',
      'created_at',
    ]),
    table('postings', 'hub_posting', ['id'], 'sat_posting', [
      'operation_id',
      'account_id',
      'currency_code',
      'amount',
      'created_at',
    ]),
  ],
}

function table(name: string, hub: string, keyColumns: string[], sat: string, columns: string[]) {
  return {
    source: `public.${name}`,
    hub,
    keyColumns,
    recordSource: `bank.${name}`,
    links: (LINKS[name] ?? []).map(([link, other, column]) => ({
      name: link,
      hubs: [
        { hub, columns: keyColumns },
        { hub: other, columns: [column] },
      ],
    })),
    satellites: [{ name: sat, columns, evolve: true }],
  }
}

export function bankVaultConfig(schema = 'vault'): VaultConfig {
  return parseVaultConfig({ ...BANK_VAULT, schema, businessVaultSql: BUSINESS_VAULT_SQL })
}
