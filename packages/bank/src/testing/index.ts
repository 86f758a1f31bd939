// Helpers for tests in other packages and e2e specs: throwaway databases and ready-made customers.
export { createTestBank, rubAccount, type TestBank, testCustomer } from './fixtures'
export { createThrowawayDb, TEST_SERVER_URL, type ThrowawayDb } from './throwaway-db'
