import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SourceError } from './source-errors'

const VERSION = 'v1'
const KEY_FILE = 'secret.key'

/** AES-256-GCM for credentials at rest: `v1:<iv>:<tag>:<ciphertext>` in base64url, the source id as AAD. */
export interface SecretBox {
  seal(plain: string, context: string): string
  open(sealed: string, context: string): string
}

/** `key` is read on first use, so a process that never handles a credential never creates a key file. */
export function createSecretBox(loadKey: () => Buffer): SecretBox {
  let loaded: Buffer | null = null
  const keyOf = () => {
    loaded ??= loadKey()
    if (loaded.length !== 32) throw new Error('The secret key must be 32 bytes')
    return loaded
  }
  return {
    seal(plain, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv)
      cipher.setAAD(Buffer.from(context))
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [VERSION, iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join(':')
    },
    open(sealed, context) {
      const [version, iv, tag, data] = sealed.split(':')
      if (version !== VERSION || !iv || !tag || data === undefined)
        throw new SourceError('SOURCE_SECRET_KEY_MISMATCH', 'A stored credential has an unknown format')
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(), Buffer.from(iv, 'base64url'))
        decipher.setAAD(Buffer.from(context))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
          'utf8',
        )
      } catch {
        throw new SourceError(
          'SOURCE_SECRET_KEY_MISMATCH',
          'A stored credential cannot be decrypted: VITRINA_SECRET_KEY differs from the key it was saved with',
        )
      }
    },
  }
}

/**
 * The key: `VITRINA_SECRET_KEY` (64 hex characters or base64 of 32 bytes), else `secret.key` in the data
 * folder, created once with mode 0600. Without either (in-memory tests) a key for this process only.
 */
export function loadSecretKey(opts: { configured: string | null; dataDir: string | null }): Buffer {
  if (opts.configured) return parseKey(opts.configured)
  if (!opts.dataDir) return randomBytes(32)
  const file = path.join(opts.dataDir, KEY_FILE)
  try {
    return parseKey(readFileSync(file, 'utf8').trim())
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(opts.dataDir, { recursive: true })
  const key = randomBytes(32)
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(readFileSync(file, 'utf8').trim())
    throw err
  }
  chmodSync(file, 0o600)
  return key
}

export function parseKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  if (key.length !== 32) throw new Error('VITRINA_SECRET_KEY must be 32 bytes: 64 hex characters or base64')
  return key
}
