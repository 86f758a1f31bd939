/** The shape of a Russian message tree with every text widened to `string`: what the English tree must match. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

type Tree = { [key: string]: string | Tree }

/** Deep-merges feature message trees into the core tree (a feature may add keys under `errors`, say). */
export function mergeMessages(...trees: Tree[]): Tree {
  const out: Tree = {}
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const prev = out[key]
      out[key] = typeof value === 'object' && typeof prev === 'object' ? mergeMessages(prev, value) : value
    }
  }
  return out
}
