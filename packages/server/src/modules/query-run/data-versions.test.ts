import { describe, expect, it } from 'vitest'
import { type DatasetVersion, memoizeDataVersions } from './data-versions'

/** A source whose reads resolve when the test says so. */
function controlledSource() {
  const pending: ((list: DatasetVersion[]) => void)[] = []
  let reads = 0
  return {
    source: {
      list: () => {
        reads++
        return new Promise<DatasetVersion[]>((resolve) => pending.push(resolve))
      },
    },
    reads: () => reads,
    answer: (version: number) => pending.shift()?.([{ datasetId: 'd', schema: 's', table: 't', version }]),
  }
}
const tick = () => new Promise((r) => setTimeout(r, 0))
const version = async (p: Promise<DatasetVersion[]>) => (await p)[0]?.version

describe('memoizeDataVersions', () => {
  it('re-reads behind the last list while it is a little old, waits once it is too old, and forgets at once', async () => {
    let clock = 0
    const s = controlledSource()
    const memo = memoizeDataVersions(s.source, 250, () => clock, 2_000)

    const first = memo.list()
    s.answer(1)
    expect(await version(first)).toBe(1)
    clock = 100
    expect(await version(memo.list())).toBe(1)
    expect(s.reads()).toBe(1)

    // Old: answered from memory, one re-read behind it (not two).
    clock = 500
    expect(await version(memo.list())).toBe(1)
    expect(await version(memo.list())).toBe(1)
    expect(s.reads()).toBe(2)
    s.answer(2)
    await tick()
    expect(await version(memo.list())).toBe(2)

    // Too old: the caller waits for the fresh list.
    clock = 5_000
    const late = memo.list()
    s.answer(3)
    expect(await version(late)).toBe(3)

    // forget(): the next call reads again, even inside the fresh window.
    memo.forget()
    const after = memo.list()
    s.answer(4)
    expect(await version(after)).toBe(4)
    expect(s.reads()).toBe(4)
  })
})
