import type { ParameterValue } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { matrixToResult, promqlRangeQuery } from './prometheus-driver'
import { SourceError } from './source-errors'

const NOW = new Date('2026-01-15T10:07:23.456Z')

describe('promqlRangeQuery', () => {
  it('defaults to the last hour in ~240 steps, the end rounded up to the step', () => {
    expect(promqlRangeQuery('up', {}, NOW)).toEqual({
      sql: 'up',
      params: ['2026-01-15T09:07:30.000Z', '2026-01-15T10:07:30.000Z', 15],
    })
  })

  it('takes a range and a step, or explicit start and end', () => {
    expect(promqlRangeQuery('up', { range: '7d', step: '3600' }, NOW).params).toEqual([
      '2026-01-08T11:00:00.000Z',
      '2026-01-15T11:00:00.000Z',
      3600,
    ])
    expect(
      promqlRangeQuery('up', { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', step: 60 }, NOW)
        .params,
    ).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', 60])
  })

  it('refuses what Prometheus would refuse, with QUERY_FAILED', () => {
    const refused: Record<string, ParameterValue>[] = [
      { range: 'forever' },
      { step: 0 },
      { start: 'yesterday' },
      { range: '7d', step: 1 },
      { start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' },
    ]
    for (const parameters of refused) {
      let error: unknown = null
      try {
        promqlRangeQuery('up', parameters, NOW)
      } catch (e) {
        error = e
      }
      expect(error, JSON.stringify(parameters)).toBeInstanceOf(SourceError)
      expect((error as SourceError).code).toBe('QUERY_FAILED')
    }
  })
})

describe('matrixToResult', () => {
  it('answers one row per sample: time, series, a column per label, value; NaN becomes null', () => {
    const result = matrixToResult(
      {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'up', job: 'a' }, values: [[1768471200, '1']] },
          { metric: { job: 'b', instance: 'x:1' }, values: [[1768471215.5, 'NaN']] },
        ],
      },
      null,
    )
    expect(result.columns.map((c) => c.name)).toEqual(['time', 'series', 'instance', 'job', 'value'])
    expect(result.rows).toEqual([
      ['2026-01-15 10:00:00', 'up{job="a"}', null, 'a', 1],
      ['2026-01-15 10:00:15.500', '{instance="x:1",job="b"}', 'x:1', 'b', null],
    ])
    expect(result.truncated).toBe(false)
  })
})
