/** Wraps a failure of the caller's row iterator, so the load rethrows the caller's own error unchanged. */
export class RowSourceError extends Error {}

export function sourceError(err: RowSourceError): Error {
  return err.cause instanceof Error ? err.cause : new Error(String(err.cause))
}
