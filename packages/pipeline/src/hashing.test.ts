import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { hashDiff, hashKey } from './hashing'

interface Vector {
  kind: 'key' | 'diff'
  parts: (string | null)[]
  joined: string
  sha256: string
}

const vectors = JSON.parse(readFileSync(new URL('../test-vectors/hashing.json', import.meta.url), 'utf8'))
  .vectors as Vector[]

describe('frozen hashing rule', () => {
  it.each(vectors)('$kind $parts', (v) => {
    const fn = v.kind === 'key' ? hashKey : hashDiff
    expect(fn(v.parts).toString('hex')).toBe(v.sha256)
  })

  it('treats business keys case- and padding-insensitively but descriptive values case-sensitively', () => {
    expect(hashKey([' acc-1 '])).toEqual(hashKey(['ACC-1']))
    expect(hashDiff(['Ivan'])).not.toEqual(hashDiff(['IVAN']))
  })

  it('keeps a hashdiff when a nullable column is appended', () => {
    expect(hashDiff(['a', 'b', null])).toEqual(hashDiff(['a', 'b']))
    expect(hashDiff([null, 'b'])).not.toEqual(hashDiff(['b']))
  })
})
