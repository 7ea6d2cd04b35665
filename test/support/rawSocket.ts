/**
 * A bare WebSocket speaking to the collaboration endpoint byte by byte, for
 * sending what no well-behaved provider would.
 */

import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { WebSocket } from 'ws'

export interface RawSocket {
  readonly socket: WebSocket
  /** Binary frames received, in order. */
  readonly frames: Uint8Array[]
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>
  send(frame: Uint8Array | string): void
}

/** Opens a socket and resolves once the server has sent its first frame (the document is loaded). */
export async function openRawSocket(collabUrl: string, documentId: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(`${collabUrl}/${documentId}?token=${encodeURIComponent(token)}`)
  const frames: Uint8Array[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const firstFrame = new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      frames.push(new Uint8Array(data))
      resolve()
    })
    socket.on('error', reject)
    void closed.then((close) => reject(new Error(`closed before the first frame: ${close.code} ${close.reason}`)))
  })
  await firstFrame
  return { socket, frames, closed, send: (frame) => socket.send(frame) }
}

export interface EagerSocket {
  /** The next binary frame from the server (in order). */
  nextFrame(): Promise<Uint8Array>
  close(): void
}

/**
 * Opens a WebSocket by hand over TCP, sending `firstFrame` in the same
 * write as the upgrade request: the server holds the frame before it has
 * even begun loading the document, however fast the load.
 */
export function openEagerSocket(collabUrl: string, documentId: string, token: string, firstFrame: Uint8Array): EagerSocket {
  const url = new URL(`${collabUrl}/${documentId}?token=${encodeURIComponent(token)}`)
  const socket = net.connect(Number(url.port), url.hostname)
  const request =
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  socket.write(Buffer.concat([Buffer.from(request), maskedBinaryFrame(firstFrame)]))
  const frames: Uint8Array[] = []
  const waiting: { resolve: (frame: Uint8Array) => void; reject: (error: Error) => void }[] = []
  let buffered = Buffer.alloc(0)
  let upgraded = false
  let failure: Error | null = null
  const fail = (error: Error) => {
    failure ??= error
    socket.destroy()
  }
  socket.on('error', fail)
  socket.on('close', () => {
    failure ??= new Error('the socket closed')
    for (const waiter of waiting.splice(0)) waiter.reject(failure)
  })
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    if (!upgraded) {
      const end = buffered.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buffered.subarray(0, end).toString()
      if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(`upgrade refused: ${head.split('\r\n')[0]}`))
      upgraded = true
      buffered = buffered.subarray(end + 4)
    }
    for (;;) {
      const frame = unmaskedFrame(buffered)
      if (!frame) return
      buffered = buffered.subarray(frame.size)
      if (frame.opcode === 0x8) return fail(new Error(`closed by the server: ${frame.payload.readUInt16BE(0)} ${frame.payload.subarray(2)}`))
      if (frame.opcode !== 0x2) continue
      const next = waiting.shift()
      if (next) next.resolve(new Uint8Array(frame.payload))
      else frames.push(new Uint8Array(frame.payload))
    }
  })
  return {
    nextFrame: () =>
      new Promise((resolve, reject) => {
        if (frames.length > 0) return resolve(frames.shift()!)
        if (failure) return reject(failure)
        waiting.push({ resolve, reject })
      }),
    close: () => socket.destroy(),
  }
}

/** A client's binary WebSocket frame (under 64 KiB): masked, as RFC 6455 requires of clients. */
function maskedBinaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length
  if (length >= 65536) throw new RangeError(`a first frame of ${length} bytes is more than this helper writes (65,535)`)
  // FIN + binary; the mask bit with a 7-bit length, or 126 and a 16-bit length.
  const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff])
  const mask = randomBytes(4)
  return Buffer.concat([header, mask, Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!))])
}

/** The first complete server frame in `bytes` (servers do not mask), or null if it has not all arrived. */
function unmaskedFrame(bytes: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (bytes.length < 2) return null
  const opcode = bytes[0]! & 0x0f
  let length = bytes[1]! & 0x7f
  let offset = 2
  if (length === 126) {
    if (bytes.length < 4) return null
    length = bytes.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (bytes.length < 10) return null
    length = Number(bytes.readBigUInt64BE(2))
    offset = 10
  }
  if (bytes.length < offset + length) return null
  return { opcode, payload: bytes.subarray(offset, offset + length), size: offset + length }
}
