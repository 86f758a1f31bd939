import type { QuestionVariable } from '@vitrina/contracts'

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

/** Names of `{{variables}}` in order of first use (the server's tokenizer decides what is really bound). */
export function detectVariables(sqlText: string): string[] {
  return [...new Set([...sqlText.matchAll(VARIABLE)].map((m) => m[1] as string))]
}

/** The declared variables for the SQL: known ones keep their type and default, new ones start as text. */
export function syncVariables(sqlText: string, declared: readonly QuestionVariable[]): QuestionVariable[] {
  const byName = new Map(declared.map((v) => [v.name, v]))
  return detectVariables(sqlText).map(
    (name) => byName.get(name) ?? { name, type: 'text', default: null, field: null },
  )
}
