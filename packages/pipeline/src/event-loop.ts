/**
 * Lets I/O callbacks run. The loader's hot paths (taking queued messages, hashing a chunk) are
 * synchronous; without a turn of the event loop every few milliseconds the target connection
 * finishes its statement and waits for the next one to be sent (measured: the loader and the target
 * then used less than one of the two cores between them).
 */
export const YIELD_EVERY_MS = 2

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
