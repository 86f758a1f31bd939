import { Loader } from '@mantine/core'
import { querySchema } from '@vitrina/contracts'
import { useParams, useSearchParams } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useQuestionQuery } from '../../data/questions/questions-query'
import { draftOf, newDraft } from './editor-state'
import { QuestionEditor } from './QuestionEditor'

/**
 * `/questions/new?mode=sql|builder&collection=…` or `/questions/:id`. A new builder question may start from
 * `&source=…&query=<Query JSON>` (a dashboard's "rows behind this card" opens here).
 */
export function QuestionEditorPage() {
  const { questionId } = useParams()
  const [search] = useSearchParams()
  const question = useQuestionQuery(questionId ?? null)
  if (!questionId) {
    const mode = search.get('mode') === 'sql' ? 'sql' : 'builder'
    const initial = newDraft(mode, search.get('collection'))
    const started = startingQuery(search)
    if (mode === 'builder' && started) Object.assign(initial, started)
    return <QuestionEditor key={`new-${mode}-${search.get('query') ?? ''}`} initial={initial} access="edit" />
  }
  if (question.error) return <ErrorAlert error={question.error} />
  if (!question.data) return <Loader />
  return (
    <QuestionEditor key={question.data.id} initial={draftOf(question.data)} access={question.data.access} />
  )
}

/** A builder query handed over in the address; ignored when it does not parse. */
function startingQuery(search: URLSearchParams) {
  const source = search.get('source')
  const text = search.get('query')
  if (!source || !text) return null
  try {
    const query = querySchema.safeParse(JSON.parse(text))
    return query.success ? { sourceId: source, builder: query.data } : null
  } catch {
    return null
  }
}
