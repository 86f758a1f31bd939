export type PipelineErrorCode =
  | 'PIPELINE_CONFIG_INVALID'
  | 'PIPELINE_SLOT_AHEAD_OF_CHECKPOINT'
  | 'PIPELINE_SLOT_MISSING'
  | 'PIPELINE_SLOT_EXISTS'
  | 'PIPELINE_NOT_INITIALISED'
  | 'PIPELINE_PROTOCOL_ERROR'
  | 'PIPELINE_SOURCE_TABLE_MISSING'
  | 'PIPELINE_REPLICA_IDENTITY'
  | 'PIPELINE_STREAM_ENDED'

/** Every failure the package raises carries a stable `code` the CLI and server map to messages. */
export class PipelineError extends Error {
  readonly code: PipelineErrorCode
  readonly details: Record<string, unknown> | null

  constructor(code: PipelineErrorCode, message: string, details: Record<string, unknown> | null = null) {
    super(message)
    this.name = 'PipelineError'
    this.code = code
    this.details = details
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`)
}
