// Child process of `npm run bench -- query`: the load generator for (d). It keeps CONCURRENCY keep-alive
// connections busy with the same POST for DURATION_S seconds over raw sockets (one prebuilt request buffer,
// responses framed by Content-Length), so the generator spends as little CPU as possible on the shared cores.
// Reads its job as JSON on argv[2]; prints {"done","failed","seconds"} on stdout.
import net from 'node:net'

interface Job {
  url: string
  path: string
  headers: Record<string, string>
  body: string
  concurrency: number
  durationS: number
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const target = new URL(job.url)
const payload = Buffer.from(job.body, 'utf8')
const request = Buffer.concat([
  Buffer.from(
    [
      `POST ${job.path} HTTP/1.1`,
      `host: ${target.host}`,
      'connection: keep-alive',
      'content-type: application/json',
      `content-length: ${payload.length}`,
      ...Object.entries(job.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n'),
  ),
  payload,
])

let done = 0
let failed = 0
const started = performance.now()
const until = started + job.durationS * 1000

/** One connection: send, read one whole response, send again, until the time is up. */
function client(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname)
    socket.setNoDelay(true)
    let buffered = Buffer.alloc(0)
    let expected = -1
    const send = () => {
      if (performance.now() >= until) {
        socket.end()
        resolve()
        return
      }
      socket.write(request)
    }
    socket.on('connect', send)
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
      for (;;) {
        if (expected < 0) {
          const end = buffered.indexOf('\r\n\r\n')
          if (end < 0) return
          const head = buffered.subarray(0, end).toString('latin1')
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)
          if (!length) return reject(new Error(`no content-length in ${head.slice(0, 200)}`))
          if (!head.startsWith('HTTP/1.1 200')) failed++
          expected = end + 4 + Number(length[1])
        }
        if (buffered.length < expected) return
        buffered = buffered.subarray(expected)
        expected = -1
        done++
        send()
      }
    })
  })
}

await Promise.all(Array.from({ length: job.concurrency }, client))
process.stdout.write(`${JSON.stringify({ done, failed, seconds: (performance.now() - started) / 1000 })}\n`)
