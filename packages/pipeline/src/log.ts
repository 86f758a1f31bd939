/** One JSON object per line on stderr, like the server's pino output; alerts carry `alert: true`. */
export type Logger = (
  entry: { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>,
) => void

export const stderrLogger: Logger = (entry) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), component: 'pipeline', ...entry })}\n`,
  )
}
