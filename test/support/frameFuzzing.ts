/**
 * Seeded mutations of y-websocket frames for fuzzing, and a raw socket that
 * tells, frame by frame, whether the server closed the connection over it.
 *
 * A message is kept as its header (message type, sync step) and payload so
 * that a mutation can hit the frame as sent on the wire (lengths lying,
 * types wrong, bytes cut) or only the payload, re-wrapped with a correct
 * length so that what is corrupted reaches the decoder behind the framing
 * (the Yjs update decoder, the state vector, the awareness decoder).
 */

import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { WebSocket } from 'ws'
import { chance, randomInt, type Random } from './randomEdits.js'

/** A well-formed message before mutation: `header` then the payload as a varuint-length byte array (none when null). */
export interface MessageParts {
  header: number[]
  payload: Uint8Array | null
}

/** What goes on the wire: a binary frame, or a text frame. */
export type WireFrame = Uint8Array | string

export function assemble({ header, payload }: MessageParts, declaredLength: number | null = payload?.length ?? null): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const value of header) encoding.writeVarUint(encoder, value)
  if (payload !== null) {
    encoding.writeVarUint(encoder, declaredLength ?? payload.length)
    encoding.writeUint8Array(encoder, payload)
  }
  return encoding.toUint8Array(encoder)
}

const interestingBytes = [0x00, 0x01, 0x02, 0x03, 0x07, 0x08, 0x7f, 0x80, 0x81, 0xc0, 0xfe, 0xff]
/** Varuint lengths that lie: past the end, at the limits of lib0's integers, beyond them. */
const hugeLengths = [2 ** 31 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 50, Number.MAX_SAFE_INTEGER]

function varUint(value: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, value)
  return encoding.toUint8Array(encoder)
}

const splice = (bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number> = []): Uint8Array => {
  const out = new Uint8Array(bytes.length - remove + insert.length)
  out.set(bytes.subarray(0, at), 0)
  out.set(insert, at)
  out.set(bytes.subarray(at + remove), at + insert.length)
  return out
}

/** One byte-level mutation of `bytes` (a new array; `bytes` is left alone). Returns its name too. */
export function mutateBytes(random: Random, bytes: Uint8Array): { bytes: Uint8Array; name: string } {
  const at = () => randomInt(random, 0, Math.max(0, bytes.length - 1))
  const roll = randomInt(random, 0, 8)
  if (bytes.length === 0) return { bytes: new Uint8Array([prng.oneOf(random, interestingBytes)]), name: 'byte into nothing' }
  switch (roll) {
    case 0: {
      const out = bytes.slice()
      const flips = randomInt(random, 1, 3)
      for (let i = 0; i < flips; i++) {
        const index = at()
        out[index] = out[index]! ^ (1 << randomInt(random, 0, 7))
      }
      return { bytes: out, name: `${flips} bit flip(s)` }
    }
    case 1: {
      const length = randomInt(random, 0, bytes.length - 1)
      return { bytes: bytes.slice(0, length), name: `truncated to ${length}` }
    }
    case 2: {
      const inserted = chance(random, 0.5) ? [prng.oneOf(random, interestingBytes)] : Array.from(prng.uint8Array(random, randomInt(random, 1, 6)))
      return { bytes: splice(bytes, randomInt(random, 0, bytes.length), 0, inserted), name: `${inserted.length} byte(s) inserted` }
    }
    case 3: {
      const index = at()
      const count = Math.min(randomInt(random, 1, 4), bytes.length - index)
      return { bytes: splice(bytes, index, count), name: `${count} byte(s) deleted` }
    }
    case 4: {
      const out = bytes.slice()
      out[at()] = prng.oneOf(random, interestingBytes)
      return { bytes: out, name: 'byte set to an edge value' }
    }
    case 5: {
      // A varuint that never ends, or one far too large for lib0.
      const long = chance(random, 0.5) ? [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f] : [0x80, 0x80, 0x80, 0x80, 0x80]
      const index = at()
      return { bytes: splice(bytes, index, 1, long), name: 'varint corrupted' }
    }
    case 6: {
      const index = at()
      const count = Math.min(randomInt(random, 1, 8), bytes.length - index)
      return { bytes: splice(bytes, index, 0, bytes.subarray(index, index + count)), name: 'bytes duplicated' }
    }
    case 7: {
      // A plausible small varuint (a clock, a client, a length) replaced by another.
      const out = bytes.slice()
      const index = at()
      out[index] = randomInt(random, 0, 0x7f)
      return { bytes: out, name: 'small number changed' }
    }
    default: {
      const index = at()
      const count = Math.min(randomInt(random, 1, 16), bytes.length - index)
      const out = bytes.slice()
      out.set(prng.uint8Array(random, count), index)
      return { bytes: out, name: `${count} byte(s) overwritten` }
    }
  }
}

/**
 * A mutation of a whole message, as sent: the frame's bytes, its framing
 * (types, length field), or what it is sent as (text, nothing, twice).
 * `other` is another well-formed frame, for concatenations.
 */
export function mutateFrame(random: Random, parts: MessageParts, other: Uint8Array, maxMessageBytes: number): { frame: WireFrame; name: string } {
  const frame = assemble(parts)
  const roll = randomInt(random, 0, 99)
  if (roll < 40) {
    let bytes = frame
    const names: string[] = []
    for (let i = randomInt(random, 1, 3); i > 0; i--) {
      const mutated = mutateBytes(random, bytes)
      bytes = mutated.bytes
      names.push(mutated.name)
    }
    return { frame: bytes, name: `frame: ${names.join(', ')}` }
  }
  if (roll < 48) {
    const type = prng.oneOf(random, [2, 4, 5, 9, 17, 127, 128, 300, 2 ** 31, Number.MAX_SAFE_INTEGER])
    return { frame: assemble({ header: [type, ...parts.header.slice(1)], payload: parts.payload }), name: `message type ${type}` }
  }
  if (roll < 54) {
    const step = prng.oneOf(random, [0, 1, 2, 3, 4, 77, 2 ** 32])
    const header = parts.header[0] === 0 ? [0, step] : [...parts.header, step]
    return { frame: assemble({ header, payload: parts.payload }), name: `sync step ${step} in a type-${parts.header[0]} message` }
  }
  if (roll < 66 && parts.payload !== null) {
    const length = parts.payload.length
    const declared = chance(random, 0.5) ? Math.max(0, length + randomInt(random, -5, 5)) : prng.oneOf(random, hugeLengths)
    return { frame: assemble(parts, declared), name: `payload of ${length} bytes declared as ${declared}` }
  }
  if (roll < 72) {
    const huge = prng.oneOf(random, hugeLengths)
    const encoder = encoding.createEncoder()
    for (const value of parts.header) encoding.writeVarUint(encoder, value)
    encoding.writeUint8Array(encoder, varUint(huge))
    encoding.writeUint8Array(encoder, prng.uint8Array(random, randomInt(random, 0, 12)))
    return { frame: encoding.toUint8Array(encoder), name: `declared length ${huge} with a few bytes` }
  }
  if (roll < 80) {
    const second = chance(random, 0.5) ? frame : other
    const joined = new Uint8Array(frame.length + second.length)
    joined.set(frame, 0)
    joined.set(second, frame.length)
    return { frame: joined, name: 'two messages in one frame' }
  }
  if (roll < 84) return { frame: new Uint8Array(0), name: 'empty frame' }
  if (roll < 90) {
    const text = prng.oneOf(random, [
      () => Buffer.from(frame).toString('latin1'),
      () => prng.utf16String(random, 40),
      () => JSON.stringify({ type: 'update', update: Array.from(frame) }),
      () => '',
      () => '\u0000\uffff\ud800',
    ])()
    return { frame: text, name: 'text frame' }
  }
  if (roll < 96) return { frame: prng.uint8Array(random, randomInt(random, 1, 64)), name: 'random bytes' }
  // Rare and costly: over the message limit, and (once in a while) over twice the limit.
  const size = chance(random, 0.2) ? 2 * maxMessageBytes + randomInt(random, 1, 100) : maxMessageBytes + randomInt(random, 1, 100)
  const padded = new Uint8Array(size)
  padded.set(frame.subarray(0, Math.min(frame.length, size)))
  return { frame: padded, name: `${size}-byte frame` }
}

/** A mutation of the payload only, re-framed with a correct length (the decoder behind the framing sees it). */
export function mutatePayload(random: Random, parts: MessageParts): { frame: Uint8Array; name: string } {
  let payload = parts.payload ?? new Uint8Array(0)
  const names: string[] = []
  for (let i = randomInt(random, 1, 3); i > 0; i--) {
    const mutated = mutateBytes(random, payload)
    payload = mutated.bytes
    names.push(mutated.name)
  }
  return { frame: assemble({ header: parts.header.slice(0, parts.payload === null ? 1 : undefined), payload }), name: `payload: ${names.join(', ')}` }
}

/** How the server took a frame: it kept the connection open, or closed it (with this code). */
export type FrameOutcome = { closed: false } | { closed: true; code: number; reason: string }

/**
 * A raw socket to the collaboration endpoint that sends one frame at a
 * time and then a WebSocket ping. The server handles frames in order and
 * synchronously up to the gate's verdict, and stops answering pings once
 * it has closed: a pong means the frame did not close the connection, a
 * close frame means it did.
 */
export class ProbingSocket {
  private pings = 0
  private closedWith: { code: number; reason: string } | null = null
  readonly errors: Error[] = []
  private constructor(private readonly socket: WebSocket, private readonly closed: Promise<{ code: number; reason: string }>) {
    void closed.then((close) => (this.closedWith = close))
  }

  /** Opens a socket and resolves once the server has sent its first frame (the document is loaded). */
  static async open(collabUrl: string, documentId: string, token: string): Promise<ProbingSocket> {
    const socket = new WebSocket(`${collabUrl}/${documentId}?token=${encodeURIComponent(token)}`)
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    const probing = new ProbingSocket(socket, closed)
    socket.on('error', (error) => probing.errors.push(error))
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve())
      void closed.then((close) => reject(new Error(`closed before the first frame: ${close.code} ${close.reason}`)))
    })
    return probing
  }

  get isOpen(): boolean {
    return this.closedWith === null && this.socket.readyState === WebSocket.OPEN
  }

  /** Sends `frame`, then finds out whether the server closed the connection over it. */
  async send(frame: WireFrame, timeoutMs = 15_000): Promise<FrameOutcome> {
    const id = String(++this.pings)
    const answered = new Promise<FrameOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('pong', onPong)
        reject(new Error(`the server neither answered a ping nor closed within ${timeoutMs} ms`))
      }, timeoutMs)
      const onPong = (data: Buffer) => {
        if (data.toString() !== id) return
        clearTimeout(timer)
        this.socket.off('pong', onPong)
        resolve({ closed: false })
      }
      this.socket.on('pong', onPong)
      void this.closed.then(({ code, reason }) => {
        clearTimeout(timer)
        this.socket.off('pong', onPong)
        resolve({ closed: true, code, reason })
      })
    })
    this.socket.send(frame)
    this.socket.ping(id)
    return answered
  }

  close(): void {
    this.socket.close()
  }
}
