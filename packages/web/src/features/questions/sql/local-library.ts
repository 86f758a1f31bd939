/** Query history and saved snippets live in this browser only (localStorage), per user. */
export interface HistoryEntry {
  sql: string
  sourceId: string
  at: string
}

export interface Snippet {
  name: string
  sql: string
}

const MAX_HISTORY = 50

function read<T>(key: string): T[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown
    return Array.isArray(parsed) ? (parsed as T[]) : []
  } catch {
    return []
  }
}

const historyKey = (userId: string) => `vitrina.sql-history.${userId}`
const snippetsKey = (userId: string) => `vitrina.sql-snippets.${userId}`

export const localLibrary = {
  history: (userId: string) => read<HistoryEntry>(historyKey(userId)),
  remember(userId: string, entry: HistoryEntry): void {
    const rest = read<HistoryEntry>(historyKey(userId)).filter((e) => e.sql !== entry.sql)
    localStorage.setItem(historyKey(userId), JSON.stringify([entry, ...rest].slice(0, MAX_HISTORY)))
  },
  snippets: (userId: string) => read<Snippet>(snippetsKey(userId)),
  saveSnippet(userId: string, snippet: Snippet): void {
    const rest = read<Snippet>(snippetsKey(userId)).filter((s) => s.name !== snippet.name)
    localStorage.setItem(snippetsKey(userId), JSON.stringify([...rest, snippet]))
  },
  deleteSnippet(userId: string, name: string): void {
    localStorage.setItem(
      snippetsKey(userId),
      JSON.stringify(read<Snippet>(snippetsKey(userId)).filter((s) => s.name !== name)),
    )
  },
}
