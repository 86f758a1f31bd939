import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSecretBox, loadSecretKey, parseKey } from './secret-box'

describe('secret box (AES-256-GCM credentials at rest)', () => {
  const key = Buffer.alloc(32, 7)

  it('opens what it sealed, with a fresh IV every time, bound to its context', () => {
    const box = createSecretBox(() => key)
    const a = box.seal('пароль-1', 'source-a')
    expect(a).toMatch(/^v1:/)
    expect(a).not.toContain('пароль')
    expect(box.seal('пароль-1', 'source-a')).not.toBe(a)
    expect(box.open(a, 'source-a')).toBe('пароль-1')
    expect(() => box.open(a, 'source-b')).toThrow(
      expect.objectContaining({ code: 'SOURCE_SECRET_KEY_MISMATCH' }),
    )
  })

  it('refuses a different key or a tampered value with a clear code', () => {
    const sealed = createSecretBox(() => key).seal('secret', 's')
    expect(() => createSecretBox(() => Buffer.alloc(32, 8)).open(sealed, 's')).toThrow(
      expect.objectContaining({ code: 'SOURCE_SECRET_KEY_MISMATCH' }),
    )
    const parts = sealed.split(':')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(() => createSecretBox(() => key).open(parts.join(':'), 's')).toThrow(
      expect.objectContaining({ code: 'SOURCE_SECRET_KEY_MISMATCH' }),
    )
  })

  it('generates the key once in the data folder with mode 0600, and reads it back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-key-'))
    try {
      const first = loadSecretKey({ configured: null, dataDir: dir })
      const file = path.join(dir, 'secret.key')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(loadSecretKey({ configured: null, dataDir: dir }).equals(first)).toBe(true)
      expect(readFileSync(file, 'utf8').trim()).toHaveLength(64)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('takes VITRINA_SECRET_KEY as hex or base64 and refuses a wrong length', () => {
    expect(parseKey('ab'.repeat(32))).toHaveLength(32)
    expect(parseKey(key.toString('base64'))).toEqual(key)
    expect(() => parseKey('short')).toThrow(/32 bytes/)
  })
})
