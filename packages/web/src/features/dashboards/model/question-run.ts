import type { ApiQuestion, ParameterValue, RunQueryBody } from '@vitrina/contracts'

/** A field-filter variable needs a value chosen on the dashboard, which dashboard filters do not offer yet. */
export class FieldFilterNotSupported extends Error {}

/** The run request of a saved question: its SQL or builder query, variables at their defaults unless a filter sets them. */
export function runBodyOf(
  question: ApiQuestion,
  overrides: Record<string, ParameterValue> = {},
): Omit<RunQueryBody, 'runId'> {
  if (question.query.kind === 'builder') {
    return {
      sourceId: question.sourceId,
      query: { kind: 'builder', query: question.query.query },
      parameters: {},
    }
  }
  const variables = question.query.variables
  if (variables.some((v) => v.type === 'field-filter')) throw new FieldFilterNotSupported(question.name)
  const parameters: Record<string, ParameterValue> = {}
  for (const v of variables) parameters[v.name] = overrides[v.name] ?? v.default
  return {
    sourceId: question.sourceId,
    query: {
      kind: 'native',
      sql: question.query.sql,
      variables: variables.map((v) => ({
        name: v.name,
        type: v.type as 'text' | 'number' | 'date',
        default: v.default,
      })),
    },
    parameters,
  }
}
