import { type BankDb, createBankDb } from '../db/bank-db'
import { type CreatedCustomer, createCustomer, type NewAccount } from '../domain/customers'
import { createThrowawayDb } from './throwaway-db'

export interface TestBank {
  db: BankDb
  url: string
  close(): Promise<void>
}

/** A migrated bank in a throwaway database; close() drops it. */
export async function createTestBank(): Promise<TestBank> {
  const throwaway = await createThrowawayDb()
  const db = createBankDb(throwaway.url, { max: 20 })
  try {
    await db.migrate()
  } catch (error) {
    // A broken migration must not leave the database behind.
    await db.close()
    await throwaway.drop()
    throw error
  }
  return {
    db,
    url: throwaway.url,
    async close() {
      await db.close()
      await throwaway.drop()
    },
  }
}

export function rubAccount(openingRub: number, type: NewAccount['type'] = 'current'): NewAccount {
  return {
    type,
    currency: 'RUB',
    creditLimit: type === 'credit' ? 10_000_00n : 0n,
    openingBalance: BigInt(Math.round(openingRub * 100)),
    card: type === 'savings' ? null : { paymentSystem: 'mir', last4: '1234', expiresOn: '2029-12-01' },
  }
}

/** A customer with the given login/password and accounts, opened at MOW-01. */
export function testCustomer(
  db: BankDb,
  login: string,
  password: string,
  accounts: NewAccount[],
): Promise<CreatedCustomer> {
  return createCustomer(
    db,
    {
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      birthDate: '1990-04-12',
      branchCode: 'MOW-01',
      login,
      email: `${login}@example.ru`,
      phone: '+79161234567',
      address: { postalCode: '125009', city: 'Москва', street: 'ул. Тверская', house: '7', apartment: '15' },
      holderName: 'ANNA IVANOVA',
      accounts,
    },
    password,
  )
}
