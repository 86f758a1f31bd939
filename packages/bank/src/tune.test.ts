import { describe, expect, it } from 'vitest'
import { computeTune, formatSize, parseSize, renderConf } from './tune'

const settingsFor = (memory: string, cpus: number, extra: { disk?: string; storage?: 'ssd' | 'hdd' } = {}) =>
  Object.fromEntries(
    computeTune({
      memoryBytes: parseSize(memory),
      cpus,
      connections: 100,
      storage: extra.storage ?? 'ssd',
      diskBytes: extra.disk === undefined ? null : parseSize(extra.disk),
    }).map((s) => [s.name, s.value]),
  )

describe('db:tune formulas', () => {
  it('parses and prints sizes in PostgreSQL units', () => {
    expect(parseSize('2GB')).toBe(2 * 1024 ** 3)
    expect(parseSize('1.5 g')).toBe(1.5 * 1024 ** 3)
    expect(parseSize('64kB')).toBe(64 * 1024)
    expect(() => parseSize('2048')).toThrow(/unit/)
    expect(formatSize(512 * 1024 ** 2)).toBe('512MB')
    expect(formatSize(16 * 1024 ** 3)).toBe('16GB')
    expect(formatSize(5_368_709)).toBe('5242kB')
  })

  it('gives the documented values for 2GB and 2 CPUs', () => {
    expect(settingsFor('2GB', 2)).toMatchObject({
      shared_buffers: '512MB',
      effective_cache_size: '1536MB',
      maintenance_work_mem: '128MB',
      work_mem: '5242kB',
      wal_buffers: '15728kB',
      min_wal_size: '1GB',
      max_wal_size: '4GB',
      max_slot_wal_keep_size: '8GB',
      wal_level: 'logical',
      max_replication_slots: '10',
      max_wal_senders: '10',
      checkpoint_completion_target: '0.9',
      random_page_cost: '1.1',
      effective_io_concurrency: '200',
      max_worker_processes: '8',
      max_parallel_workers: '2',
      max_parallel_workers_per_gather: '1',
      logical_decoding_work_mem: '64MB',
    })
  })

  it('caps the memory-proportional settings on big machines and follows the disk and storage', () => {
    const big = settingsFor('256GB', 32, { disk: '2TB', storage: 'hdd' })
    expect(big).toMatchObject({
      shared_buffers: '64GB',
      maintenance_work_mem: '2GB',
      wal_buffers: '16MB',
      max_wal_size: '16GB',
      max_slot_wal_keep_size: '419430MB',
      max_worker_processes: '32',
      max_parallel_workers_per_gather: '4',
      logical_decoding_work_mem: '1GB',
      random_page_cost: '4',
      effective_io_concurrency: '2',
    })
  })

  it('refuses impossible inputs and renders a postgresql.conf fragment with formulas', () => {
    expect(() =>
      computeTune({
        memoryBytes: parseSize('128MB'),
        cpus: 2,
        connections: 100,
        storage: 'ssd',
        diskBytes: null,
      }),
    ).toThrow(/memory/)
    expect(() =>
      computeTune({
        memoryBytes: parseSize('2GB'),
        cpus: 0,
        connections: 100,
        storage: 'ssd',
        diskBytes: null,
      }),
    ).toThrow(/cpus/)
    const input = {
      memoryBytes: parseSize('2GB'),
      cpus: 2,
      connections: 100,
      storage: 'ssd' as const,
      diskBytes: null,
    }
    const conf = renderConf(input, computeTune(input))
    expect(conf).toMatch(/^shared_buffers = '512MB' +# RAM \/ 4$/m)
    expect(conf).toMatch(/^wal_level = 'logical' +# /m)
  })
})
