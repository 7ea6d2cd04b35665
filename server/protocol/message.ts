/**
 * The y-websocket wire format: one message per WebSocket frame, a varuint
 * message type first.
 *
 *   0 sync  · 0 step 1 (state vector) · 1 step 2 (update) · 2 update
 *   1 awareness (awareness update)
 *   2 auth  · 0 permission denied (reason)      — server to client only
 *           · 1 refusal in words (JSON)          — Counterpart's: sent just
 *             before a denial or a close it explains; the stock provider
 *             reads only sub-type 0 and passes this one by
 *   3 query awareness                            — no payload
 *
 * Pure functions: frames in, typed messages out, and back.
 */

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { authRefusalWords, type RefusalWords } from '../vocabulary/refusal.js'

export const messageSync = 0
export const messageAwareness = 1
export const messageAuth = 2
export const messageQueryAwareness = 3

export const syncStep1 = 0
export const syncStep2 = 1
export const syncUpdate = 2

const authPermissionDenied = 0

/** A message a client may send. */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }

/** A frame that is not a well-formed client message. The message says what is wrong. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/**
 * Decodes one frame from a client. Throws a `ProtocolError` for an empty,
 * truncated or unknown message, for bytes left over after the message, and
 * for a sync step 1 whose state vector does not decode. Updates are not
 * checked here: that is the gate's job.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  if (frame.length === 0) throw new ProtocolError('empty message')
  const decoder = decoding.createDecoder(frame)
  const message = readMessage(decoder)
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(`${decoder.arr.length - decoder.pos} unexpected bytes after a ${message.type} message`)
  }
  return message
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = read(decoder, decoding.readVarUint, 'message type')
  switch (type) {
    case messageSync: {
      const step = read(decoder, decoding.readVarUint, 'sync message type')
      const payload = read(decoder, decoding.readVarUint8Array, 'sync payload')
      switch (step) {
        case syncStep1:
          try {
            Y.decodeStateVector(payload)
          } catch {
            throw new ProtocolError('sync step 1 carries a state vector that does not decode')
          }
          return { type: 'sync-step-1', stateVector: payload }
        case syncStep2:
          return { type: 'sync-step-2', update: payload }
        case syncUpdate:
          return { type: 'update', update: payload }
        default:
          throw new ProtocolError(`unknown sync message type ${step}`)
      }
    }
    case messageAwareness:
      return { type: 'awareness', update: read(decoder, decoding.readVarUint8Array, 'awareness payload') }
    case messageQueryAwareness:
      return { type: 'query-awareness' }
    case messageAuth:
      throw new ProtocolError('auth messages are sent by the server only')
    default:
      throw new ProtocolError(`unknown message type ${type}`)
  }
}

/** Reads with `reader`, turning lib0's end-of-array errors into a ProtocolError naming `what`. */
function read<T>(decoder: decoding.Decoder, reader: (decoder: decoding.Decoder) => T, what: string): T {
  const start = decoder.pos
  try {
    return reader(decoder)
  } catch {
    throw new ProtocolError(`truncated message: ${what} incomplete at byte ${start}`)
  }
}

const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

const syncFrame = (step: number, payload: Uint8Array): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, messageSync)
    encoding.writeVarUint(encoder, step)
    encoding.writeVarUint8Array(encoder, payload)
  })

/** Sync step 1: "here is my state vector, send me what I lack". */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncFrame(syncStep1, stateVector)

/** Sync step 2: the update answering a state vector. */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncFrame(syncStep2, update)

/** An incremental update. */
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncFrame(syncUpdate, update)

/** An awareness update (see `awarenessUpdate.ts`). */
export const encodeAwareness = (update: Uint8Array): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, messageAwareness)
    encoding.writeVarUint8Array(encoder, update)
  })

/** "Send me every awareness state you know." */
export const encodeQueryAwareness = (): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, messageQueryAwareness)
  })

/**
 * The refusal that follows (a denial, a close), in words the client can say
 * in its reader's language: `{"key", "values"}` (`vocabulary/refusal.ts`).
 */
export const encodeRefusalWords = (words: RefusalWords): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, messageAuth)
    encoding.writeVarUint(encoder, authRefusalWords)
    encoding.writeVarString(encoder, JSON.stringify(words))
  })

/** Tells the client a message was refused, and why; the stock provider logs the reason. */
export const encodePermissionDenied = (reason: string): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, messageAuth)
    encoding.writeVarUint(encoder, authPermissionDenied)
    encoding.writeVarString(encoder, reason)
  })
