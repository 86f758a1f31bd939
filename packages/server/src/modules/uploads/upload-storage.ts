import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { copyFile, link, mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../http/errors'

/**
 * Files of the upload feature, all under `<dataDir>/uploads`: `incoming/` (received files, previewed and
 * imported from), `originals/<datasetId>/` (the file of every batch, kept for audit) and `reports/` (the
 * highlighted error copies).
 */
export function uploadPaths(dataDir: string) {
  const root = path.join(dataDir, 'uploads')
  return {
    incoming: (id: string) => path.join(root, 'incoming', id),
    original: (datasetId: string, batchId: string, fileName: string) =>
      path.join(root, 'originals', datasetId, `${batchId}-${safeFileName(fileName)}`),
    /** The folder of one dataset's originals (deleted with the dataset). */
    originals: (datasetId: string) => path.join(root, 'originals', datasetId),
    report: (batchId: string) => path.join(root, 'reports', `${batchId}.xlsx`),
    temp: (name: string) => path.join(root, 'tmp', name),
  }
}
export type UploadPaths = ReturnType<typeof uploadPaths>

/** A name safe to use in a path and a Content-Disposition header: no separators or control characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'))
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(-150)
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned
}

export function fileTooLarge(maxBytes: number): AppError {
  const mb = Math.round(maxBytes / 1024 / 1024)
  return new AppError(413, 'INGEST_FILE_TOO_LARGE', `The file is larger than the ${mb} MB limit`, {
    limit: maxBytes,
  })
}

/**
 * Streams `source` into `dest`, hashing as it goes; past `maxBytes` it stops, deletes the partial file and
 * throws 413 INGEST_FILE_TOO_LARGE. `onBytes` reports progress.
 */
export async function receiveFile(
  source: Readable & { truncated?: boolean },
  dest: string,
  maxBytes: number,
): Promise<{ sizeBytes: number; sha256: string }> {
  await mkdir(path.dirname(dest), { recursive: true })
  const hash = createHash('sha256')
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > maxBytes) return done(fileTooLarge(maxBytes))
      hash.update(chunk)
      done(null, chunk)
    },
  })
  try {
    await pipeline(source, meter, createWriteStream(dest))
  } catch (e) {
    await rm(dest, { force: true })
    if (e instanceof AppError) throw e
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(maxBytes)
    throw e
  }
  if (source.truncated) {
    await rm(dest, { force: true })
    throw fileTooLarge(maxBytes)
  }
  return { sizeBytes: size, sha256: hash.digest('hex') }
}

/**
 * Keeps the batch's own copy of a received file: a hard link when both are on one file system (received files
 * are never written again, so sharing the data is safe and costs nothing), else a copy.
 */
export async function keepCopy(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true })
  try {
    await link(from, to)
  } catch {
    await copyFile(from, to)
  }
}
