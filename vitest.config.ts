import { defineConfig } from 'vitest/config'

// Unit and integration tests of every package; e2e has its own config (e2e/vitest.config.ts).
export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
})
