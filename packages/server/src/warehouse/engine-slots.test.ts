import { describe, expect, it } from 'vitest'
import { createEngineSlots } from './engine-slots'

/** A piece of work that stays running until `finish()`; `started` tells whether it has begun. */
function gated(log: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => {
    finish = resolve
  })
  const state = { started: false, finish: () => finish() }
  const work = async () => {
    state.started = true
    log.push(`start ${name}`)
    await done
    log.push(`end ${name}`)
    return name
  }
  return { state, work }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('engine slots', () => {
  it('runs at most `limit` at once, the rest in arrival order', async () => {
    const slots = createEngineSlots(2)
    const log: string[] = []
    const jobs = ['a', 'b', 'c', 'd'].map((n) => gated(log, n))
    const results = jobs.map((j) => slots.run(j.work))
    await tick()
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, false, false])
    jobs[1]!.state.finish()
    await tick()
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, true, false])
    jobs[0]!.state.finish()
    jobs[2]!.state.finish()
    await tick()
    jobs[3]!.state.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd'])
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d'])
  })

  it('gives the slot back when the work fails', async () => {
    const slots = createEngineSlots(1)
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await slots.run(async () => 'next')).toBe('next')
  })

  it('an abort while waiting rejects with its reason and never runs the work', async () => {
    const slots = createEngineSlots(1)
    const log: string[] = []
    const first = gated(log, 'first')
    const running = slots.run(first.work)
    const controller = new AbortController()
    const waiting = gated(log, 'waiting')
    const aborted = slots.run(waiting.work, controller.signal)
    const behind = gated(log, 'behind')
    const after = slots.run(behind.work)
    controller.abort(new Error('stopped'))
    await expect(aborted).rejects.toThrow('stopped')
    first.state.finish()
    await running
    await tick()
    // The aborted place is gone: the next in line gets the slot, and the aborted work never started.
    expect(behind.state.started).toBe(true)
    expect(waiting.state.started).toBe(false)
    behind.state.finish()
    expect(await after).toBe('behind')
  })

  it('refuses an already aborted signal and a limit below one', async () => {
    const slots = createEngineSlots(1)
    const controller = new AbortController()
    controller.abort(new Error('gone'))
    await expect(slots.run(async () => 'x', controller.signal)).rejects.toThrow('gone')
    expect(await slots.run(async () => 'still free')).toBe('still free')
    expect(() => createEngineSlots(0)).toThrow(/limit/)
  })
})
