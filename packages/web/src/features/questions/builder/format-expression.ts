import type { Expression } from '@vitrina/contracts'

/** The text form of a calculated column, so a saved question can be edited again (parses back to the same tree). */
export function formatExpression(e: Expression): string {
  switch (e.kind) {
    case 'field':
      return e.table ? `[${e.table}].[${e.column}]` : `[${e.column}]`
    case 'literal':
      if (e.value === null) return 'null'
      if (typeof e.value === 'string') return `"${e.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
      return String(e.value)
    case 'arithmetic':
    case 'compare':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`
    case 'logical':
      return `(${e.args.map(formatExpression).join(` ${e.op} `)})`
    case 'not':
      return `not (${formatExpression(e.arg)})`
    case 'negate':
      return `-(${formatExpression(e.arg)})`
    case 'call':
      return `${e.fn}(${e.args.map(formatExpression).join(', ')})`
  }
}
