import { spawn } from 'node:child_process'

export interface ToolResult {
  code: number
  output: string
}

/** Runs Debian's promtool (`promtool check metrics|rules|config …`), feeding `stdin` if given. */
export function promtool(args: string[], stdin?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
    child.stdin.end(stdin ?? '')
  })
}

/** `promtool check metrics` lints an exposition: names, suffixes, help, types. */
export const checkMetrics = (exposition: string) => promtool(['check', 'metrics'], exposition)
