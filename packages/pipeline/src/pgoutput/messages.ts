/** Decoded pgoutput (protocol v1) messages. Values stay in PostgreSQL text form. */

/** A column value: text, SQL NULL, or 'unchanged TOAST' (the server did not resend a large value). */
export type TupleValue = string | null | typeof UNCHANGED_TOAST
export const UNCHANGED_TOAST: unique symbol = Symbol('unchanged-toast')

export interface RelationColumn {
  name: string
  isKey: boolean
  typeOid: number
  typeMod: number
}

export interface RelationMessage {
  tag: 'relation'
  relationId: number
  schema: string
  table: string
  replicaIdentity: 'd' | 'n' | 'f' | 'i'
  columns: RelationColumn[]
}

export interface BeginMessage {
  tag: 'begin'
  finalLsn: bigint
  commitTime: Date
  xid: number
}

export interface CommitMessage {
  tag: 'commit'
  commitLsn: bigint
  endLsn: bigint
  commitTime: Date
}

export interface InsertMessage {
  tag: 'insert'
  relationId: number
  newTuple: TupleValue[]
}

export interface UpdateMessage {
  tag: 'update'
  relationId: number
  /** 'K' old key or 'O' whole old row, sent when the key changed or replica identity is FULL. */
  oldKind: 'key' | 'old' | null
  oldTuple: TupleValue[] | null
  newTuple: TupleValue[]
}

export interface DeleteMessage {
  tag: 'delete'
  relationId: number
  oldKind: 'key' | 'old'
  oldTuple: TupleValue[]
}

export interface TruncateMessage {
  tag: 'truncate'
  cascade: boolean
  restartIdentity: boolean
  relationIds: number[]
}

export interface TypeMessage {
  tag: 'type'
  typeOid: number
  schema: string
  name: string
}

export interface OriginMessage {
  tag: 'origin'
  originLsn: bigint
  name: string
}

export interface LogicalMessage {
  tag: 'message'
  transactional: boolean
  lsn: bigint
  prefix: string
  content: Buffer
}

export type PgOutputMessage =
  | BeginMessage
  | CommitMessage
  | RelationMessage
  | TypeMessage
  | InsertMessage
  | UpdateMessage
  | DeleteMessage
  | TruncateMessage
  | OriginMessage
  | LogicalMessage
