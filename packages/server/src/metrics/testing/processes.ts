import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../../../../..')
/** The product CLI and the bank CLI, run from their TypeScript sources. */
export const VITRINA_CLI = path.join(ROOT, 'packages/server/src/cli.ts')
export const BANK_CLI = path.join(ROOT, 'packages/bank/src/cli.ts')

/** `node --import tsx <script> …args` with extra environment; output is piped. */
export function spawnTsx(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env } })
}

export function finished(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}

/** Resolves with the first stderr match of `pattern`'s group, or rejects when the process exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    child.stderr?.on('data', (d) => {
      seen += d
      const match = pattern.exec(seen)
      if (match?.[1]) resolve(match[1])
    })
    child.on('close', () => reject(new Error(`exited before ${pattern}: ${seen}`)))
  })
}

/** SIGTERM, then waits for the exit code. */
export async function stop(child: ChildProcess | null): Promise<number | null> {
  if (!child) return null
  if (child.exitCode === null) child.kill('SIGTERM')
  return finished(child)
}
