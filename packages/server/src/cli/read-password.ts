import { stderr, stdin } from 'node:process'

/** Reads a password without echo from a terminal, or the first line of piped stdin. Never from argv. */
export async function readPassword(prompt: string): Promise<string> {
  if (!stdin.isTTY) return readFirstLine()
  stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    let value = ''
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish()
          return resolve(value)
        }
        if (ch === '\u0003') {
          finish()
          return reject(new Error('Cancelled'))
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      stderr.write('\n')
    }
    stdin.on('data', onData)
  })
}

async function readFirstLine(): Promise<string> {
  let data = ''
  for await (const chunk of stdin) {
    data += chunk
    const newline = data.indexOf('\n')
    if (newline >= 0) return data.slice(0, newline).replace(/\r$/, '')
  }
  return data
}
