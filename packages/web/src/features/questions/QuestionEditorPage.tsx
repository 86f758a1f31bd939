import { Loader } from '@mantine/core'
import { useParams, useSearchParams } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { useQuestionQuery } from '../../data/questions/questions-query'
import { draftOf, newDraft } from './editor-state'
import { QuestionEditor } from './QuestionEditor'

/** `/questions/new?mode=sql|builder&collection=…` or `/questions/:id`. */
export function QuestionEditorPage() {
  const { questionId } = useParams()
  const [search] = useSearchParams()
  const question = useQuestionQuery(questionId ?? null)
  if (!questionId) {
    const mode = search.get('mode') === 'sql' ? 'sql' : 'builder'
    return (
      <QuestionEditor key={`new-${mode}`} initial={newDraft(mode, search.get('collection'))} access="edit" />
    )
  }
  if (question.error) return <ErrorAlert error={question.error} />
  if (!question.data) return <Loader />
  return (
    <QuestionEditor key={question.data.id} initial={draftOf(question.data)} access={question.data.access} />
  )
}
