import { hash } from 'node:crypto'

/**
 * The frozen Data Vault hashing rule. Changing any line here changes every hash key in every vault,
 * so the rule is pinned by test-vectors/hashing.json.
 * - values are their PostgreSQL text form (what pgoutput and `::text` produce);
 * - business keys: trim, then upper-case; descriptive values (hashdiff): trim only, because a case
 *   change of a name is a real change;
 * - NULL is the literal `^^`; parts are joined with `||`; SHA-256 over UTF-8, stored as bytea;
 * - hashdiff only: trailing NULL parts are dropped, so adding a nullable column to a satellite keeps
 *   the hashdiff of every existing version valid.
 */
export const NULL_TOKEN = '^^'
export const DELIMITER = '||'

export function hashKey(parts: readonly (string | null)[]): Buffer {
  return sha256(keyText(parts))
}

/**
 * The text a hash key is computed from. Because parts are joined with the delimiter, a link's key
 * text is its hubs' key texts joined the same way; the writer memoises hashes by this text.
 */
export function keyText(parts: readonly (string | null)[]): string {
  if (parts.length === 1) return keyPart(parts[0] as string | null)
  return parts.map(keyPart).join(DELIMITER)
}

export function keyPart(part: string | null): string {
  return part === null ? NULL_TOKEN : part.trim().toUpperCase()
}

export function hashDiff(parts: readonly (string | null)[]): Buffer {
  let end = parts.length
  while (end > 0 && parts[end - 1] === null) end--
  // Built in one pass (no intermediate arrays): this runs once per satellite version.
  let text = ''
  for (let i = 0; i < end; i++) {
    const p = parts[i]
    if (i > 0) text += DELIMITER
    text += p === null || p === undefined ? NULL_TOKEN : p.trim()
  }
  return sha256(text)
}

export function sha256(text: string): Buffer {
  // One-shot hash: measurably cheaper than createHash().update().digest() on the hot path.
  return hash('sha256', text, 'buffer')
}
