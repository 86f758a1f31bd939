import { describe, expect, it } from 'vitest'
import { createLimiter } from './limiter'

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('createLimiter', () => {
  it('runs at most the limit at once and starts waiting tasks in order as slots free', async () => {
    const limiter = createLimiter(2)
    const gates = [deferred(), deferred(), deferred(), deferred()]
    const started: number[] = []
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i)
        await g.promise
        return i
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(limiter.waiting).toBe(2)
    gates[1]!.resolve()
    await runs[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    for (const g of gates) g.resolve()
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3])
    expect(limiter.active).toBe(0)
  })

  it('frees the slot when a task fails, and drops a waiting task that is aborted', async () => {
    const limiter = createLimiter(1)
    const gate = deferred()
    const first = limiter.run(async () => {
      await gate.promise
      throw new Error('boom')
    })
    const controller = new AbortController()
    const aborted = limiter.run(async () => 'never', controller.signal)
    const third = limiter.run(async () => 'third')
    controller.abort(new Error('left the page'))
    await expect(aborted).rejects.toThrow('left the page')
    gate.resolve()
    await expect(first).rejects.toThrow('boom')
    await expect(third).resolves.toBe('third')
  })
})
