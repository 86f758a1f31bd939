import { autocompletion } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { MySQL, PostgreSQL, type SQLDialect, StandardSQL, sql } from '@codemirror/lang-sql'
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { Compartment, EditorState, Prec } from '@codemirror/state'
import { EditorView, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view'
import type { SourceCatalog, SqlDialect } from '@vitrina/contracts'
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react'

export interface SqlEditorHandle {
  /** The selected text, or the whole document when nothing is selected. */
  textToRun(): string
  insert(text: string): void
  focus(): void
}

interface Props {
  value: string
  onChange(value: string): void
  /** Ctrl/Cmd+Enter: runs the selection, or everything. */
  onRun(sqlText: string): void
  dialect: SqlDialect
  catalog: SourceCatalog | null
  placeholder: string
}

const DIALECTS: Record<SqlDialect, SQLDialect> = { postgres: PostgreSQL, mysql: MySQL, duckdb: StandardSQL }

function schemaOf(catalog: SourceCatalog | null): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const table of catalog?.tables ?? []) {
    const columns = table.columns.map((c) => c.name)
    out[`${table.schema}.${table.name}`] = columns
    // Unqualified names too, for the common case of one schema.
    out[table.name] ??= columns
  }
  return out
}

function selectionOrAll(view: EditorView): string {
  const { from, to } = view.state.selection.main
  return from === to ? view.state.doc.toString() : view.state.sliceDoc(from, to)
}

/** CodeMirror 6 with SQL highlighting and autocomplete of the source's tables and columns. */
export const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor(props, ref) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const language = useRef(new Compartment())
  const latest = useRef(props)
  latest.current = props

  useEffect(() => {
    if (!host.current) return
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          lineNumbers(),
          history(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion(),
          placeholderExt(latest.current.placeholder),
          language.current.of(
            sql({ dialect: DIALECTS[latest.current.dialect], schema: schemaOf(latest.current.catalog) }),
          ),
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: (v) => {
                  latest.current.onRun(selectionOrAll(v))
                  return true
                },
              },
            ]),
          ),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString())
          }),
          EditorView.theme({
            '&': { minHeight: '180px', maxHeight: '420px', fontSize: '14px' },
            '.cm-scroller': { overflow: 'auto', fontFamily: 'var(--mantine-font-family-monospace)' },
          }),
        ],
      }),
    })
    view.current = editor
    return () => editor.destroy()
  }, [])

  // Schema-aware completion follows the chosen source.
  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(
        sql({ dialect: DIALECTS[props.dialect], schema: schemaOf(props.catalog) }),
      ),
    })
  }, [props.dialect, props.catalog])

  // Outside changes (history, snippets, "Convert to SQL") replace the document.
  useEffect(() => {
    const editor = view.current
    if (editor && editor.state.doc.toString() !== props.value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } })
    }
  }, [props.value])

  useImperativeHandle(ref, () => ({
    textToRun: () => (view.current ? selectionOrAll(view.current) : latest.current.value),
    insert(text) {
      const editor = view.current
      if (!editor) return
      editor.dispatch(editor.state.replaceSelection(text))
      editor.focus()
    },
    focus: () => view.current?.focus(),
  }))

  return (
    <div
      ref={host}
      data-testid="sql-editor"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6, overflow: 'hidden' }}
    />
  )
})
