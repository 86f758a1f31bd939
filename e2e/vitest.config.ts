import { defineConfig } from 'vitest/config'

// End-to-end specs drive Debian's Chromium against the built app; one file at a time on a 2-core machine.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', '../scripts/summary-reporter.ts'],
  },
})
