import {
  type CellRange,
  type CellValue,
  DATE1904_OFFSET,
  epochMsToSerial,
  parseRange,
  type RawRow,
} from './cell'
import { INGEST_CORRUPT, INGEST_TOO_MANY_COLUMNS, INGEST_TOO_MANY_ROWS, IngestError } from './errors'
import type { IngestLimits } from './limits'
import { assertNoDtd, attr, decodeXmlText, firstElementIndex, rootPrefix } from './xml'

export interface SheetContext {
  fileName: string
  sheetName: string
  sharedStrings: string[]
  dateStyles: boolean[]
  date1904: boolean
  limits: IngestLimits
}

/** Longest text kept between two chunks; a row that never closes within it means a broken part. */
const MAX_CARRY_BYTES = 64 * 1024 * 1024
const PROLOG_BYTES = 64 * 1024

// Codes of the t attribute: a one-letter type is its char code; str is 1 (read as text), inlineStr 2.
const T_INLINE = 2
const T_B = 98
const T_D = 100
const T_N = 110
const T_S = 115

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * Streaming scanner of a worksheet part, working on the inflated bytes. A sheet is a flat list of
 * <row><c><v/></c></row>: the scanner walks it byte by byte with a few expected-character tests and never
 * builds a string it does not return (numbers and shared-string indexes are read in place). Measured: string
 * indexOf/charCodeAt and Number(substring) each cost several times more per cell on V8.
 */
export class SheetScanner {
  private carry: Buffer = Buffer.alloc(0)
  private prefix: string | null = null
  private ROW = Buffer.from('<row')
  private ROW_CLOSE = Buffer.from('</row>')
  private C = Buffer.from('<c')
  private C_CLOSE = Buffer.from('</c>')
  private V = Buffer.from('<v>')
  private V_CLOSE = Buffer.from('</v>')
  private T = Buffer.from('<t')
  private T_CLOSE = Buffer.from('</t>')
  private IS = Buffer.from('<is>')
  private SHEETDATA_CLOSE = Buffer.from('</sheetData>')
  private lastRow = 0
  private rowCount = 0
  private tail = ''
  private numEnd = 0
  readonly merges: CellRange[] = []

  constructor(private readonly ctx: SheetContext) {}

  /** Feeds the next inflated chunk; returns the complete rows it closed. */
  push(chunk: Buffer): RawRow[] {
    const b = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    if (this.prefix === null) {
      const head = b.toString('latin1', 0, Math.min(b.length, PROLOG_BYTES))
      const root = firstElementIndex(head)
      const rootEnd = root < 0 ? -1 : head.indexOf('>', root)
      if (rootEnd < 0) {
        assertNoDtd(head, this.ctx.fileName, this.ctx.sheetName)
        if (b.length > PROLOG_BYTES) throw this.corrupt('the sheet part has no <worksheet> root')
        this.carry = b
        return []
      }
      assertNoDtd(head.slice(0, root), this.ctx.fileName, this.ctx.sheetName)
      const p = rootPrefix(head.slice(root, rootEnd + 1), 'worksheet')
      if (p === null) throw this.corrupt('the sheet part has no <worksheet> root')
      this.setPrefix(p)
    }
    const rows: RawRow[] = []
    const lastClose = b.lastIndexOf(this.ROW_CLOSE)
    let end = lastClose < 0 ? 0 : lastClose + this.ROW_CLOSE.length
    // Self-closing rows (<row r="5"/>) after the last </row> hold no cells: nothing is lost by carrying them.
    if (end > 0) this.scanRows(b, end, rows)
    const sheetEnd = b.indexOf(this.SHEETDATA_CLOSE, end)
    if (sheetEnd >= 0) {
      this.tail += b.toString('latin1', sheetEnd)
      end = b.length
    }
    if (b.length - end > MAX_CARRY_BYTES) throw this.corrupt('a row is too long or never closes')
    this.carry = b.subarray(end)
    return rows
  }

  /** Call after the last chunk: reads the merged ranges that follow <sheetData>. */
  finish(): void {
    const tail = this.tail + this.carry.toString('latin1')
    const mergeTag = `<${this.prefix ?? ''}mergeCell `
    let p = 0
    for (;;) {
      const i = tail.indexOf(mergeTag, p)
      if (i < 0) break
      const close = tail.indexOf('>', i)
      const ref = attr(tail, i, close, 'ref')
      const range = ref ? parseRange(ref) : null
      if (range) this.merges.push(range)
      p = close + 1
    }
    this.tail = ''
    this.carry = Buffer.alloc(0)
  }

  private setPrefix(p: string): void {
    this.prefix = p
    this.ROW = Buffer.from(`<${p}row`)
    this.ROW_CLOSE = Buffer.from(`</${p}row>`)
    this.C = Buffer.from(`<${p}c`)
    this.C_CLOSE = Buffer.from(`</${p}c>`)
    this.V = Buffer.from(`<${p}v>`)
    this.V_CLOSE = Buffer.from(`</${p}v>`)
    this.T = Buffer.from(`<${p}t`)
    this.T_CLOSE = Buffer.from(`</${p}t>`)
    this.IS = Buffer.from(`<${p}is>`)
    this.SHEETDATA_CLOSE = Buffer.from(`</${p}sheetData>`)
  }

  private scanRows(b: Buffer, limit: number, out: RawRow[]): void {
    const ROW = this.ROW
    const rowLen = ROW.length
    let pos = 0
    for (;;) {
      const rs = at(b, pos, ROW) ? pos : b.indexOf(ROW, pos)
      if (rs < 0 || rs >= limit) return
      const after = b[rs + rowLen]!
      if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
        pos = rs + rowLen
        continue
      }
      let tagEnd = rs + rowLen
      let rowNum = -1
      while (tagEnd < limit) {
        const ch = b[tagEnd]!
        if (ch === 62) break
        if (ch === 34 || ch === 39) {
          tagEnd++
          while (tagEnd < limit && b[tagEnd] !== ch) tagEnd++
        } else if (ch === 114 && b[tagEnd + 1] === 61 && b[tagEnd - 1]! <= 32) {
          let n = 0
          let j = tagEnd + 3
          for (;;) {
            const k = b[j]!
            if (k < 48 || k > 57) break
            n = n * 10 + (k - 48)
            j++
          }
          rowNum = j === tagEnd + 3 ? 0 : n
          tagEnd = j + 1
          continue
        }
        tagEnd++
      }
      if (tagEnd >= limit) throw this.corrupt('a row tag is not closed')
      if (rowNum === -1) rowNum = this.lastRow + 1
      if (rowNum < 1) throw this.corrupt('a row number is invalid')
      this.lastRow = rowNum
      if (b[tagEnd - 1] === 47) {
        pos = tagEnd + 1
        continue
      }
      const cells = this.scanCells(b, tagEnd + 1, limit, rowNum)
      pos = this.numEnd
      if (cells === null) continue
      if (++this.rowCount > this.ctx.limits.maxRows) {
        throw new IngestError(
          INGEST_TOO_MANY_ROWS,
          `Sheet "${this.ctx.sheetName}" of "${this.ctx.fileName}" has more than ${this.ctx.limits.maxRows} rows`,
          { fileName: this.ctx.fileName, sheet: this.ctx.sheetName, limit: this.ctx.limits.maxRows },
        )
      }
      out.push({ row: rowNum, cells })
    }
  }

  /** Cells of one row (null when none holds a value); leaves the position after </row> in numEnd. */
  private scanCells(b: Buffer, from: number, limit: number, rowNum: number): CellValue[] | null {
    const { C, C_CLOSE, V, V_CLOSE, ROW_CLOSE } = this
    const { sharedStrings, dateStyles, date1904 } = this.ctx
    const maxColumns = this.ctx.limits.maxColumns
    const cLen = C.length
    const vLen = V.length
    let cells: CellValue[] | null = null
    let col = -1
    let p = from
    for (;;) {
      if (p >= limit) throw this.corrupt('a row is not closed', rowNum)
      const c0 = b[p]!
      if (c0 !== 60) {
        p++
        continue
      }
      if (b[p + 1] === 47) {
        if (at(b, p, ROW_CLOSE)) {
          this.numEnd = p + ROW_CLOSE.length
          return cells
        }
        p += 2
        continue
      }
      const afterTag = b[p + cLen]
      if (
        !at(b, p, C) ||
        (afterTag !== 32 &&
          afterTag !== 62 &&
          afterTag !== 47 &&
          afterTag !== 10 &&
          afterTag !== 13 &&
          afterTag !== 9)
      ) {
        // Any other element inside a row (extLst) is skipped up to its next tag.
        p++
        continue
      }
      // One pass over the start tag for r, s, t and its end.
      let refCol = -1
      let style = -1
      let t = 0
      let i = p + cLen
      for (;;) {
        if (i >= limit) throw this.corrupt('a cell tag is not closed', rowNum)
        const ch = b[i]!
        if (ch === 62) break
        if (ch === 34 || ch === 39) {
          i++
          while (i < limit && b[i] !== ch) i++
          i++
          continue
        }
        if ((ch === 114 || ch === 115 || ch === 116) && b[i + 1] === 61) {
          const q = b[i + 2]!
          const vStart = i + 3
          let j = vStart
          if (ch === 114) {
            let n = 0
            for (;;) {
              const k = b[j]!
              if (k >= 65 && k <= 90) n = n * 26 + (k - 64)
              else if (k >= 97 && k <= 122) n = n * 26 + (k - 96)
              else break
              j++
            }
            refCol = j === vStart ? -2 : n - 1
          } else if (ch === 115) {
            let n = 0
            for (;;) {
              const k = b[j]!
              if (k < 48 || k > 57) break
              n = n * 10 + (k - 48)
              j++
            }
            style = n
          }
          while (j < limit && b[j] !== q) j++
          if (ch === 116) {
            const len = j - vStart
            t = len === 1 ? b[vStart]! : len === 3 ? 1 : len === 9 ? T_INLINE : 0
          }
          i = j + 1
          continue
        }
        i++
      }
      const tagEnd = i
      if (refCol === -2) throw this.corrupt('a cell reference is invalid', rowNum)
      col = refCol >= 0 ? refCol : col + 1
      if (col >= maxColumns) {
        throw new IngestError(
          INGEST_TOO_MANY_COLUMNS,
          `Sheet "${this.ctx.sheetName}" of "${this.ctx.fileName}" has more than ${maxColumns} columns (row ${rowNum})`,
          { fileName: this.ctx.fileName, sheet: this.ctx.sheetName, row: rowNum, limit: maxColumns },
        )
      }
      if (b[tagEnd - 1] === 47) {
        p = tagEnd + 1
        continue
      }
      let value: CellValue = null
      let vs = tagEnd + 1
      let ce = -1
      if (t === T_INLINE) {
        ce = find(b, C_CLOSE, vs, limit)
        if (ce < 0 || ce > limit) throw this.corrupt('a cell is not closed', rowNum)
        value = this.inlineString(b, vs, ce)
        p = ce + C_CLOSE.length
      } else {
        if (!at(b, vs, V)) {
          // A formula (<f>) or other child before <v>: search for the value inside this cell.
          ce = find(b, C_CLOSE, vs, limit)
          if (ce < 0 || ce > limit) throw this.corrupt('a cell is not closed', rowNum)
          vs = find(b, V, vs, ce)
          if (vs < 0 || vs > ce) {
            p = ce + C_CLOSE.length
            continue
          }
        }
        vs += vLen
        let e = vs
        if (t === T_S) {
          let n = 0
          for (;;) {
            const k = b[e]!
            if (k < 48 || k > 57) break
            n = n * 10 + (k - 48)
            e++
          }
          if (e === vs || b[e] !== 60) throw this.corrupt('a shared-string index is invalid', rowNum)
          const str = sharedStrings[n]
          if (str === undefined) throw this.corrupt(`shared string ${n} does not exist`, rowNum)
          value = str
        } else if (t === 0 || t === T_N) {
          let n = this.fastNumber(b, vs, limit)
          if (n !== null) e = this.numEnd
          else {
            while (e < limit && b[e] !== 60) e++
            const raw = b.toString('latin1', vs, e)
            n = raw.trim() === '' ? Number.NaN : +raw
            if (Number.isNaN(n)) throw this.corrupt(`numeric cell holds "${raw.slice(0, 40)}"`, rowNum)
          }
          value =
            style >= 0 && dateStyles[style] === true
              ? { kind: 'date', serial: date1904 ? n + DATE1904_OFFSET : n }
              : n
        } else {
          while (e < limit && b[e] !== 60) e++
          const raw = decodeXmlText(b.toString('utf8', vs, e))
          if (t === T_B) value = raw === '1' || raw === 'true'
          else if (t === T_D) {
            const ms = Date.parse(raw.length <= 10 ? `${raw}T00:00:00Z` : raw.endsWith('Z') ? raw : `${raw}Z`)
            value = Number.isNaN(ms) ? raw : { kind: 'date', serial: epochMsToSerial(ms) }
          } else value = raw
        }
        if (ce < 0 && at(b, e, V_CLOSE) && at(b, e + V_CLOSE.length, C_CLOSE)) {
          p = e + V_CLOSE.length + C_CLOSE.length
        } else {
          if (ce < 0) ce = find(b, C_CLOSE, e, limit)
          if (ce < 0 || ce > limit) throw this.corrupt('a cell is not closed', rowNum)
          p = ce + C_CLOSE.length
        }
      }
      if (value === '') continue
      if (cells === null) cells = []
      while (cells.length < col) cells.push(null)
      cells[col] = value
    }
  }

  /**
   * Parses [-]digits[.digits] in place, or returns null to let Number() handle it. Exact: with at most 15
   * digits the mantissa and 10^k are exact doubles, so one division is correctly rounded (Clinger's fast path).
   */
  private fastNumber(b: Buffer, start: number, limit: number): number | null {
    let i = start
    let neg = false
    if (b[i] === 45) {
      neg = true
      i++
    }
    let m = 0
    let digits = 0
    let frac = -1
    for (; i < limit; i++) {
      const k = b[i]!
      if (k >= 48 && k <= 57) {
        m = m * 10 + (k - 48)
        digits++
        if (frac >= 0) frac++
      } else if (k === 46 && frac < 0) frac = 0
      else if (k === 60) break
      else return null
    }
    if (digits === 0 || digits > 15 || frac === 0) return null
    this.numEnd = i
    const v = frac > 0 ? m / POW10[frac]! : m
    return neg ? -v : v
  }

  private inlineString(b: Buffer, from: number, to: number): string {
    const is = find(b, this.IS, from, to)
    if (is < 0) return ''
    const { T, T_CLOSE } = this
    let text = ''
    let p = is
    for (;;) {
      const t = find(b, T, p, to)
      if (t < 0) break
      const c = b[t + T.length]
      let open = t + T.length
      while (open < to && b[open] !== 62) open++
      if ((c !== 62 && c !== 32) || b[open - 1] === 47) {
        p = open + 1
        continue
      }
      const close = find(b, T_CLOSE, open, to)
      if (close < 0) break
      text += b.toString('utf8', open + 1, close)
      p = close + T_CLOSE.length
    }
    return decodeXmlText(text)
  }

  private corrupt(why: string, row?: number): IngestError {
    const where = row === undefined ? '' : ` at row ${row}`
    return new IngestError(
      INGEST_CORRUPT,
      `Sheet "${this.ctx.sheetName}" of "${this.ctx.fileName}" is damaged${where}: ${why}`,
      {
        fileName: this.ctx.fileName,
        sheet: this.ctx.sheetName,
        row: row ?? null,
      },
    )
  }
}

/**
 * Position of `pat` in b[from, to), or -1. A JS loop: the distances searched inside a row are short, and
 * Buffer.indexOf's native call costs more than the scan itself there.
 */
function find(b: Buffer, pat: Buffer, from: number, to: number): number {
  const first = pat[0]!
  const last = to - pat.length
  for (let i = from; i <= last; i++) {
    if (b[i] === first && at(b, i, pat)) return i
  }
  return -1
}

function at(b: Buffer, i: number, pat: Buffer): boolean {
  for (let k = 0; k < pat.length; k++) if (b[i + k] !== pat[k]) return false
  return true
}
