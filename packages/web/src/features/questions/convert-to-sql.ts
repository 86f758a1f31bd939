import type { CompiledSql, QuestionVariable } from '@vitrina/contracts'

/**
 * "Convert to SQL": the compiled statement's placeholders (`$1` in PostgreSQL/DuckDB, `?` in MySQL) become
 * `{{p1}}` variables whose defaults are the bound values, so the native question still binds every value.
 */
export function compiledToNative(compiled: CompiledSql): { sql: string; variables: QuestionVariable[] } {
  let out = ''
  let next = 0
  const used = new Map<number, QuestionVariable>()
  const text = compiled.sql
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === "'" || c === '"' || c === '`') {
      const end = closing(text, i, c)
      out += text.slice(i, end + 1)
      i = end
      continue
    }
    const dollar = c === '$' ? /^\$(\d+)/.exec(text.slice(i)) : null
    if (dollar || c === '?') {
      const index = dollar ? Number(dollar[1]) : ++next
      const name = `p${index}`
      if (!used.has(index)) used.set(index, variableFor(name, compiled.params[index - 1]))
      out += `{{${name}}}`
      i += dollar ? (dollar[0] as string).length - 1 : 0
      continue
    }
    out += c
  }
  return { sql: out, variables: [...used.entries()].sort(([a], [b]) => a - b).map(([, v]) => v) }
}

function closing(text: string, start: number, quote: string): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j++
      else return j
    }
  }
  return text.length - 1
}

function variableFor(name: string, value: unknown): QuestionVariable {
  if (typeof value === 'number') return { name, type: 'number', default: value, field: null }
  const textValue = value === null || value === undefined ? null : String(value)
  const type = textValue !== null && /^\d{4}-\d{2}-\d{2}$/.test(textValue) ? 'date' : 'text'
  return { name, type, default: textValue, field: null }
}
