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
  return sha256(parts.map((p) => (p === null ? NULL_TOKEN : p.trim().toUpperCase())).join(DELIMITER))
}

export function hashDiff(parts: readonly (string | null)[]): Buffer {
  let end = parts.length
  while (end > 0 && parts[end - 1] === null) end--
  return sha256(
    parts
      .slice(0, end)
      .map((p) => (p === null ? NULL_TOKEN : p.trim()))
      .join(DELIMITER),
  )
}

function sha256(text: string): Buffer {
  // One-shot hash: measurably cheaper than createHash().update().digest() on the hot path.
  return hash('sha256', text, 'buffer')
}
