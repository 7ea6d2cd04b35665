/**
 * A bare WebSocket speaking to the collaboration endpoint byte by byte, for
 * sending what no well-behaved provider would.
 */

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
