import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RawRow } from '../cell'
import { type ReadSheetOptions, readSheet } from '../workbook'

/** A temp folder for one test file; call cleanup() in afterAll. */
export function tempDir(): {
  dir: string
  file: (name: string, data: Buffer | string) => string
  cleanup: () => void
} {
  const dir = mkdtempSync(join(tmpdir(), 'vitrina-ingest-test-'))
  return {
    dir,
    file: (name, data) => {
      const p = join(dir, name)
      writeFileSync(p, data)
      return p
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export async function readAll(path: string, opts: ReadSheetOptions = {}): Promise<RawRow[]> {
  const out: RawRow[] = []
  for await (const batch of readSheet(path, opts)) out.push(...batch)
  return out
}
