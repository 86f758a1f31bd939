import { createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { safeEqual, sha256 } from '../../lib/tokens'

const RANDOM_BYTES = 18
const TOKEN = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/

/** A key for one purpose derived from the installation secret, so a leak of one never exposes another. */
export function deriveKey(installationKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', installationKey, Buffer.alloc(0), `vitrina/${purpose}/v1`, 32))
}

export interface IssuedShareToken {
  token: string
  /** SHA-256 of the token: the only form the system DB keeps. */
  hash: string
  /** The first characters, shown in the list so an editor can tell links apart. */
  hint: string
}

/**
 * Public-link tokens: `<24 random chars>.<HMAC-SHA256 of them>`. The signature lets a forged or mistyped
 * token be refused without a system-DB lookup; the row is then found by the token's hash.
 */
export function createShareTokens(loadKey: () => Buffer) {
  let key: Buffer | null = null
  const mac = (random: string) => {
    key ??= loadKey()
    return createHmac('sha256', key).update(`share:${random}`).digest('base64url')
  }
  return {
    issue(): IssuedShareToken {
      const random = randomBytes(RANDOM_BYTES).toString('base64url')
      const token = `${random}.${mac(random)}`
      return { token, hash: sha256(token), hint: random.slice(0, 6) }
    },
    /** The token's hash when its signature is this installation's, else null. */
    verify(token: string): string | null {
      const match = TOKEN.exec(token)
      if (!match || !safeEqual(match[2]!, mac(match[1]!))) return null
      return sha256(token)
    },
  }
}

export type ShareTokens = ReturnType<typeof createShareTokens>
