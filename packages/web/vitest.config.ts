import { defineProject } from 'vitest/config'

// Unit tests of the web's pure modules (formatting, chart options, pivots); components are covered by e2e.
export default defineProject({
  test: {
    name: 'web',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
