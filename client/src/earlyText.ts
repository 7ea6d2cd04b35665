/**
 * The document's text asked for by the page's first script, while the
 * editor's script (most of the client) still downloads and compiles: a
 * socket of its own to `/collab/<documentId>` once the token's trade has
 * settled (the session cookie goes with the upgrade), which sends the
 * sync step 1 of a page that holds nothing and keeps what the server
 * answers until its sync step 2 — everything stored — then closes. The
 * editor's document applies those messages before its provider connects
 * (`documentConnection.ts`), whose own sync step 1 then names all of it:
 * the server answers with what changed since, a few bytes.
 *
 * Only for a browser that keeps no copy of the document: a page with a
 * local copy loads that first, and its provider's sync step 1 must name it
 * (so that what was made offline goes once, in the answer). Anything but
 * the whole answer — a refusal, a close, no answer in time — gives
 * nothing, and the provider connects as it would have anyway. Nothing here
 * loads Yjs: the sync step 1 of an empty document is four fixed bytes.
 */

import { collabProtocol } from '../../server/vocabulary/collabProtocols.js'
import type { EarlyText } from './request.js'

/** y-protocols' messageSync, sync step 1 (a state vector of no client: one byte, 0) */
const emptySyncStep1 = new Uint8Array([0, 0, 1, 0])
const messageSync = 0
const syncStep2 = 1

/** How long the early socket may take to bring the text before it is given up on (the provider then fetches it). */
const patienceMs = 5000

/**
 * Asks for document `documentId`'s text over a socket of its own, once
 * `after` (the token's trade) has settled, if `heldCopies` (the local
 * copies of the document this browser keeps) is empty.
 */
export function fetchEarlyText(documentId: string, after: Promise<unknown>, heldCopies: Promise<readonly string[]>): EarlyText {
  const messages = Promise.all([after.catch(() => undefined), heldCopies.catch(() => ['unknown'])]).then(([, held]) =>
    held.length > 0 || typeof WebSocket === 'undefined' ? null : received(documentId),
  )
  return { messages }
}

function received(documentId: string): Promise<Uint8Array[] | null> {
  return new Promise((resolve) => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(`${scheme}://${window.location.host}/collab/${documentId}`, [collabProtocol])
    socket.binaryType = 'arraybuffer'
    const kept: Uint8Array[] = []
    const end = (answer: Uint8Array[] | null) => {
      clearTimeout(timer)
      socket.onmessage = socket.onclose = socket.onerror = null
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000)
      resolve(answer)
    }
    const timer = setTimeout(() => end(null), patienceMs)
    socket.onopen = () => socket.send(emptySyncStep1)
    socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
      const message = new Uint8Array(event.data)
      // Sync messages only: presence, and the server's own sync step 1, are the provider's to answer.
      if (message[0] !== messageSync || message[1] === 0) return
      kept.push(message)
      if (message[1] === syncStep2) end(kept)
    }
    socket.onclose = () => end(null)
    socket.onerror = () => end(null)
  })
}
