import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'bank',
    // Integration tests create databases and hash passwords with argon2id.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
