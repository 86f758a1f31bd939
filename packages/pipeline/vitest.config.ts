import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'pipeline',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Each integration file starts its own PostgreSQL cluster; two at a time fit the 2-core machine.
    maxWorkers: 2,
    // Its own group, after the other packages: their workers and these clusters never compete for the cores.
    sequence: { groupOrder: 1 },
  },
})
