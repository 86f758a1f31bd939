const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
}

/** Words reserved in PostgreSQL or DuckDB that would need quoting as column names. */
const RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
leading limit localtime localtimestamp not null offset on only or order placing primary references returning
select session_user some symmetric table then to trailing true union unique user using variadic when where window
with authorization binary collation concurrently cross freeze full ilike inner is isnull join left like natural
notnull outer overlaps right similar tablesample verbose qualify pivot unpivot semi anti asof positional
struct map summarize describe show pragma install load attach detach id oid ctid xmin xmax cmin cmax tableoid`
    .split(/\s+/)
    .filter(Boolean),
)

export const MAX_IDENTIFIER_BYTES = 63

/**
 * An SQL identifier for a display name: Cyrillic transliterated, ASCII snake_case, never starting with a digit
 * or "_" (names starting with "_" are left to system columns such as a batch id), not a reserved word,
 * at most 63 bytes, and unique against `taken` (which it extends).
 */
export function toIdentifier(displayName: string, taken: Set<string> = new Set()): string {
  let s = ''
  for (const ch of displayName.normalize('NFKC').toLowerCase()) {
    const t = TRANSLIT[ch]
    if (t !== undefined) s += t
    else if (/[a-z0-9]/.test(ch)) s += ch
    else if (ch === '%') s += '_pct_'
    else if (ch === '№' || ch === '#') s += '_no_'
    else s += '_'
  }
  s = s.replace(/_+/g, '_').replace(/^_+|_+$/g, '')
  if (s === '') s = 'field'
  if (/^\d/.test(s)) s = `c_${s}`
  s = s.slice(0, MAX_IDENTIFIER_BYTES).replace(/_+$/, '') || 'field'
  if (RESERVED.has(s)) s = `${s}_`
  let out = s
  for (let n = 2; taken.has(out); n++) {
    const suffix = `_${n}`
    out = s.slice(0, MAX_IDENTIFIER_BYTES - suffix.length).replace(/_+$/, '') + suffix
  }
  taken.add(out)
  return out
}
