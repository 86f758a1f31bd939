import type { SqlDialect } from '@vitrina/contracts'
import { QueryError } from '../errors'
import { type SqlToken, significant, tokenizeSql } from './tokenize'

/**
 * Refuses anything but one read statement, with a message naming the offending keyword. This is the
 * clear message, not the protection: the server runs every query in a read-only transaction (or on a
 * read-only connection) with a statement timeout, which also stops what a lexer cannot see (a
 * user-defined function that writes, for example).
 */
export function assertReadOnlySql(sql: string, dialect: SqlDialect): void {
  const tokens = tokenizeSql(sql, dialect)
  if (dialect === 'mysql') refuseExecutableComments(tokens)
  const statements = splitStatements(significant(tokens))
  if (statements.length === 0) throw new QueryError('SQL_EMPTY', 'The SQL text has no statement')
  if (statements.length > 1) {
    throw new QueryError(
      'SQL_MULTIPLE_STATEMENTS',
      `Only one statement may run at a time; found ${statements.length}`,
      { count: statements.length },
    )
  }
  checkStatement(statements[0]!, dialect)
}

const READ_STARTS: Record<SqlDialect, ReadonlySet<string>> = {
  postgres: new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'EXPLAIN', 'SHOW']),
  duckdb: new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'EXPLAIN', 'SHOW', 'DESCRIBE', 'SUMMARIZE', 'FROM']),
  mysql: new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'EXPLAIN', 'SHOW', 'DESCRIBE', 'DESC']),
}

/** Words that write wherever they appear: writable CTEs, SELECT ... INTO, row locks, nested DDL. */
const WRITE_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'TRUNCATE',
  'DROP',
  'CREATE',
  'ALTER',
  'GRANT',
  'REVOKE',
  'INTO',
  'COPY',
])

const FORBIDDEN_FUNCTIONS: Record<SqlDialect, { exact: ReadonlySet<string>; prefixes: readonly string[] }> = {
  postgres: {
    exact: new Set([
      'PG_READ_FILE',
      'PG_READ_BINARY_FILE',
      'PG_STAT_FILE',
      'SET_CONFIG',
      'NEXTVAL',
      'SETVAL',
      'PG_TERMINATE_BACKEND',
      'PG_CANCEL_BACKEND',
      'PG_RELOAD_CONF',
      'PG_ROTATE_LOGFILE',
      'PG_SWITCH_WAL',
      'PG_PROMOTE',
      'PG_LOGICAL_EMIT_MESSAGE',
      'QUERY_TO_XML',
      'QUERY_TO_XMLSCHEMA',
      'QUERY_TO_XML_AND_XMLSCHEMA',
      'CURSOR_TO_XML',
      'TXID_CURRENT',
      'PG_CURRENT_XACT_ID',
      'PG_IMPORT_SYSTEM_COLLATIONS',
      'PG_NOTIFY',
      'LOWRITE',
    ]),
    prefixes: [
      'LO_',
      'DBLINK',
      'PG_LS_',
      'PG_FILE_',
      'PG_ADVISORY',
      'PG_TRY_ADVISORY',
      'PG_CREATE_',
      'PG_DROP_',
      'PG_REPLICATION_',
      'PG_STAT_RESET',
    ],
  },
  duckdb: {
    exact: new Set([
      'GLOB',
      'SNIFF_CSV',
      'QUERY',
      'QUERY_TABLE',
      'GETENV',
      'DUCKDB_SECRETS',
      'LOAD_AWS_CREDENTIALS',
    ]),
    prefixes: ['READ_', 'PARQUET_', 'ICEBERG_', 'DELTA_', 'SQLITE_', 'POSTGRES_', 'MYSQL_'],
  },
  mysql: {
    exact: new Set([
      'LOAD_FILE',
      'GET_LOCK',
      'RELEASE_LOCK',
      'RELEASE_ALL_LOCKS',
      'SYS_EXEC',
      'SYS_EVAL',
      'NEXTVAL',
      'SETVAL',
      'MASTER_POS_WAIT',
    ]),
    prefixes: [],
  },
}

const FILE_SLOT_WORDS = new Set(['FROM', 'JOIN', 'SUMMARIZE', 'DESCRIBE', 'TABLE'])

/** A string, or a quoted name that looks like a path, which DuckDB's replacement scan would open as a file. */
function isFileName(token: SqlToken): boolean {
  return token.kind === 'string' || (token.kind === 'identifier' && /[./\\:]/.test(token.value))
}

function isForbiddenFunction(name: string, dialect: SqlDialect): boolean {
  const rules = FORBIDDEN_FUNCTIONS[dialect]
  // DuckDB table functions ending in _scan read files or other databases (parquet_scan, postgres_scan, ...).
  if (dialect === 'duckdb' && name.endsWith('_SCAN')) return true
  return rules.exact.has(name) || rules.prefixes.some((p) => name.startsWith(p))
}

function refuseExecutableComments(tokens: SqlToken[]): void {
  // MySQL runs the text of /*! ... */ (MariaDB also /*M! ... */) as code.
  const executable = tokens.find((t) => t.kind === 'comment' && /^\/\*M?!/.test(t.text))
  if (executable) {
    throw new QueryError('SQL_WRITE_REFUSED', 'Executable comments (/*! ... */) are not allowed', {
      keyword: '/*!',
      position: executable.start + 1,
    })
  }
}

function splitStatements(tokens: SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]]
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') statements.push([])
    else statements[statements.length - 1]!.push(token)
  }
  return statements.filter((s) => s.length > 0)
}

function refuse(keyword: string, token: SqlToken, why: string): never {
  throw new QueryError('SQL_WRITE_REFUSED', `${why}: ${keyword} at position ${token.start + 1}`, {
    keyword,
    position: token.start + 1,
  })
}

function checkStatement(tokens: SqlToken[], dialect: SqlDialect): void {
  const first = tokens.find((t) => !(t.kind === 'punct' && t.text === '('))
  if (!first) throw new QueryError('SQL_EMPTY', 'The SQL text has no statement')
  if (first.kind !== 'word' || !READ_STARTS[dialect].has(first.value)) {
    const allowed = [...READ_STARTS[dialect]].join(', ')
    refuse(
      first.kind === 'word' ? first.value : first.text,
      first,
      `Only read statements (${allowed}) may run here`,
    )
  }
  // Clause keyword per parenthesis depth, so FROM inside EXTRACT(... FROM x) does not leak outwards.
  let clause = first.value
  const outer: string[] = []
  tokens.forEach((token, i) => {
    if (token.kind === 'punct' && token.text === '(') outer.push(clause)
    if (token.kind === 'punct' && token.text === ')') clause = outer.pop() ?? clause
    const prev = tokens[i - 1]
    const next = tokens[i + 1]
    const isCall = next?.kind === 'punct' && next.text === '('
    const afterDot = prev?.kind === 'punct' && prev.text === '.'
    if ((token.kind === 'word' || token.kind === 'identifier') && isCall) {
      const name = token.kind === 'word' ? token.value : token.value.toUpperCase()
      if (isForbiddenFunction(name, dialect)) {
        throw new QueryError(
          'SQL_FORBIDDEN_FUNCTION',
          `Function ${name.toLowerCase()}() is not allowed here`,
          {
            function: name.toLowerCase(),
            position: token.start + 1,
          },
        )
      }
    }
    if (token.kind === 'word' && !afterDot) {
      const word = token.value
      if (first.value === 'EXPLAIN' && (word === 'ANALYZE' || word === 'ANALYSE')) {
        refuse(`EXPLAIN ${word}`, token, 'EXPLAIN ANALYZE runs the statement')
      }
      if (word === 'FOR' && next?.kind === 'word' && ['UPDATE', 'SHARE', 'NO', 'KEY'].includes(next.value)) {
        refuse(`FOR ${next.value}`, token, 'Row locks are not allowed in a read query')
      }
      if (word === 'LOCK' && dialect === 'mysql' && next?.kind === 'word' && next.value === 'IN') {
        refuse('LOCK IN SHARE MODE', token, 'Row locks are not allowed in a read query')
      }
      // REPLACE( is a string function; REPLACE INTO is MySQL's upsert.
      if (WRITE_WORDS.has(word) && !isCall) refuse(word, token, 'Write statements are refused')
      if (word === 'REPLACE' && !isCall && dialect === 'mysql')
        refuse(word, token, 'Write statements are refused')
      if (
        ['FROM', 'JOIN', 'SELECT', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'ON', 'USING'].includes(word)
      ) {
        clause = word
      }
    }
    // DuckDB reads any file named where a table goes: FROM 'secrets.csv', FROM "x.parquet", SUMMARIZE 'f.csv'.
    if (dialect === 'duckdb' && prev !== undefined && isFileName(token)) {
      const inFrom = clause === 'FROM' || clause === 'JOIN'
      const afterTableSlot =
        (prev.kind === 'word' && FILE_SLOT_WORDS.has(prev.value)) ||
        (inFrom && prev.kind === 'punct' && prev.text === ',')
      if (afterTableSlot) {
        throw new QueryError('SQL_FORBIDDEN_FUNCTION', 'Reading files by path is not allowed here', {
          function: 'file scan',
          position: token.start + 1,
        })
      }
    }
  })
}
