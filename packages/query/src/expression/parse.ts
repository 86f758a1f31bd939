import { EXPRESSION_FUNCTIONS, type Expression, type ExpressionFunction } from '@vitrina/contracts'
import { QueryError } from '../errors'

/**
 * Parses the calculated-column language:
 *   [Выручка] / [Количество] * 100      if([Регион] = "Москва", 1, 0)      coalesce([a], 0)
 *   [r].[name]  (a column of the join aliased r)       case([x] > 10, "big", [x] > 5, "mid", "small")
 * Precedence, lowest first: or, and, not, comparison, + -, * /, unary minus.
 */
export function parseExpression(text: string): Expression {
  const parser = new Parser(tokenize(text), text)
  const expression = parser.parseOr()
  parser.expectEnd()
  return expression
}

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'field'; value: string; pos: number }
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number }

const ARITY: Record<ExpressionFunction, [min: number, max: number]> = {
  concat: [1, 100],
  coalesce: [1, 100],
  if: [2, 3],
  case: [2, 100],
  year: [1, 1],
  quarter: [1, 1],
  month: [1, 1],
  day: [1, 1],
  weekday: [1, 1],
  lower: [1, 1],
  upper: [1, 1],
  round: [1, 2],
  abs: [1, 1],
}

function fail(message: string, pos: number): never {
  throw new QueryError('EXPRESSION_PARSE_ERROR', `${message} at position ${pos + 1}`, { position: pos + 1 })
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === '[') {
      const end = text.indexOf(']', i + 1)
      if (end === -1) fail('Unclosed [ of a column name', i)
      const name = text.slice(i + 1, end).trim()
      if (name === '') fail('Empty column name', i)
      tokens.push({ kind: 'field', value: name, pos: i })
      i = end + 1
    } else if (c === '"' || c === "'") {
      let value = ''
      let j = i + 1
      for (;;) {
        if (j >= text.length) fail('Unclosed string', i)
        const d = text[j]!
        if (d === '\\' && j + 1 < text.length) {
          value += text[j + 1]
          j += 2
        } else if (d === c) {
          break
        } else {
          value += d
          j++
        }
      }
      tokens.push({ kind: 'string', value, pos: i })
      i = j + 1
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|^[0-9]+\.?/.exec(text.slice(i))!
      tokens.push({ kind: 'number', value: Number(match[0]), pos: i })
      i += match[0].length
    } else if (/[\p{L}_]/u.test(c)) {
      const match = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(i))!
      tokens.push({ kind: 'word', value: match[0], pos: i })
      i += match[0].length
    } else {
      const two = text.slice(i, i + 2)
      if (['<=', '>=', '!=', '<>'].includes(two)) {
        tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two, pos: i })
        i += 2
      } else if ('+-*/=<>(),.'.includes(c)) {
        tokens.push({ kind: 'op', value: c, pos: i })
        i++
      } else {
        fail(`Unexpected character "${c}"`, i)
      }
    }
  }
  tokens.push({ kind: 'end', pos: text.length })
  return tokens
}

const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='] as const
type Comparison = (typeof COMPARISONS)[number]

class Parser {
  private index = 0

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!
  }

  private next(): Token {
    const token = this.tokens[this.index]!
    if (token.kind !== 'end') this.index++
    return token
  }

  private isOp(value: string): boolean {
    const token = this.peek()
    return token.kind === 'op' && token.value === value
  }

  private isWord(value: string): boolean {
    const token = this.peek()
    return token.kind === 'word' && token.value.toLowerCase() === value
  }

  private expectOp(value: string): void {
    const token = this.next()
    if (token.kind !== 'op' || token.value !== value) fail(`Expected "${value}"`, token.pos)
  }

  expectEnd(): void {
    const token = this.peek()
    if (token.kind !== 'end') fail(`Unexpected "${this.text.slice(token.pos, token.pos + 10)}"`, token.pos)
  }

  parseOr(): Expression {
    const args = [this.parseAnd()]
    while (this.isWord('or')) {
      this.next()
      args.push(this.parseAnd())
    }
    return args.length === 1 ? args[0]! : { kind: 'logical', op: 'or', args }
  }

  private parseAnd(): Expression {
    const args = [this.parseNot()]
    while (this.isWord('and')) {
      this.next()
      args.push(this.parseNot())
    }
    return args.length === 1 ? args[0]! : { kind: 'logical', op: 'and', args }
  }

  private parseNot(): Expression {
    if (this.isWord('not')) {
      this.next()
      return { kind: 'not', arg: this.parseNot() }
    }
    return this.parseComparison()
  }

  private parseComparison(): Expression {
    const left = this.parseAdditive()
    const token = this.peek()
    if (token.kind === 'op' && (COMPARISONS as readonly string[]).includes(token.value)) {
      this.next()
      return { kind: 'compare', op: token.value as Comparison, left, right: this.parseAdditive() }
    }
    return left
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative()
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.isOp('+') ? '+' : '-'
      this.next()
      left = { kind: 'arithmetic', op, left, right: this.parseMultiplicative() }
    }
    return left
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary()
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.isOp('*') ? '*' : '/'
      this.next()
      left = { kind: 'arithmetic', op, left, right: this.parseUnary() }
    }
    return left
  }

  private parseUnary(): Expression {
    if (this.isOp('-')) {
      this.next()
      const arg = this.parseUnary()
      if (arg.kind === 'literal' && typeof arg.value === 'number')
        return { kind: 'literal', value: -arg.value }
      return { kind: 'negate', arg }
    }
    return this.parsePrimary()
  }

  private parsePrimary(): Expression {
    const token = this.next()
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value }
      case 'string':
        return { kind: 'literal', value: token.value }
      case 'field': {
        if (this.isOp('.') && this.tokens[this.index + 1]?.kind === 'field') {
          this.next()
          const column = this.next()
          return { kind: 'field', table: token.value, column: (column as { value: string }).value }
        }
        return { kind: 'field', table: null, column: token.value }
      }
      case 'word':
        return this.parseWord(token.value, token.pos)
      case 'op':
        if (token.value === '(') {
          const inner = this.parseOr()
          this.expectOp(')')
          return inner
        }
        return fail(`Unexpected "${token.value}"`, token.pos)
      case 'end':
        return fail('Unexpected end of expression', token.pos)
    }
  }

  private parseWord(word: string, pos: number): Expression {
    const lower = word.toLowerCase()
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' }
    if (lower === 'null') return { kind: 'literal', value: null }
    if (!(EXPRESSION_FUNCTIONS as readonly string[]).includes(lower)) {
      return fail(`Unknown function "${word}" (columns go in brackets: [${word}])`, pos)
    }
    const fn = lower as ExpressionFunction
    if (!this.isOp('(')) return fail(`Expected "(" after ${word}`, this.peek().pos)
    this.next()
    const args: Expression[] = []
    if (!this.isOp(')')) {
      args.push(this.parseOr())
      while (this.isOp(',')) {
        this.next()
        args.push(this.parseOr())
      }
    }
    this.expectOp(')')
    const [min, max] = ARITY[fn]
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max >= 100 ? `at least ${min}` : `${min} to ${max}`
      return fail(`${fn}() takes ${expected} argument(s), got ${args.length}`, pos)
    }
    if (fn === 'round' && args.length === 2) {
      const digits = args[1]!
      if (digits.kind !== 'literal' || typeof digits.value !== 'number' || !Number.isInteger(digits.value)) {
        return fail('round() digits must be an integer number', pos)
      }
    }
    return { kind: 'call', fn, args }
  }
}
