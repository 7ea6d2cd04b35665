/**
 * Which of the page's changes the server holds, learnt through the stock
 * y-websocket provider with the sync protocol alone (it has no
 * acknowledgement): every sync message the server sends is read for what
 * it proves (`UnsentChanges`) before the provider handles it, and while
 * changes are pending on an open connection the page asks again — a sync
 * step 1 whose state vector leaves out the pending items, which the
 * server's answer then hands back if it holds them. The server answers
 * from what it has stored, so an answer is an acknowledgement that
 * survives its crash. Asked one second after a change, then less often
 * while the answers bring nothing (a server waiting on its database).
 */

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { UnsentChanges } from './unsentChanges.js'

const firstDelayMs = 1000
const longestDelayMs = 16_000

export interface AcknowledgementOptions {
  /** Whether a transaction's origin is not a change made in the page (the local copy loading, say); the provider's own is never one. */
  notMadeHere: (origin: unknown) => boolean
  /** Called whenever the number of unsent changes may have changed. */
  changed: () => void
}

/** Follows `provider`'s document and messages into `unsent`; returns what stops it. */
export function followAcknowledgements(provider: WebsocketProvider, unsent: UnsentChanges, options: AcknowledgementOptions): () => void {
  const { doc } = provider
  let timer: ReturnType<typeof setTimeout> | null = null
  let delay = firstDelayMs

  const ask = () => {
    timer = null
    const ws = provider.ws
    const question = unsent.question(Y.decodeStateVector(Y.encodeStateVector(doc)))
    if (question === null || !provider.synced || ws === null || ws.readyState !== WebSocket.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(question))
    ws.send(encoding.toUint8Array(encoder))
  }
  const askLater = (ms: number) => {
    if (timer === null && unsent.count > 0) timer = setTimeout(ask, ms)
  }

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider || options.notMadeHere(origin)) return
    unsent.madeHere(update)
    options.changed()
    delay = firstDelayMs
    askLater(delay)
  }
  doc.on('update', onUpdate)

  const handleSync = provider.messageHandlers[messageSync]!
  provider.messageHandlers[messageSync] = (encoder, decoder, ...rest) => {
    const before = unsent.count
    const message = decoding.clone(decoder)
    const type = decoding.readVarUint(message)
    const payload = decoding.readVarUint8Array(message)
    if (type === syncProtocol.messageYjsSyncStep1) unsent.serverHasClocks(Y.decodeStateVector(payload))
    else unsent.serverHolds(payload)
    handleSync(encoder, decoder, ...rest)
    if (unsent.count !== before) options.changed()
    if (type === syncProtocol.messageYjsSyncStep2) {
      // An answer: ask again while something is pending, sooner if this one settled some.
      delay = unsent.count < before ? firstDelayMs : Math.min(delay * 2, longestDelayMs)
      askLater(delay)
    }
  }

  const onSync = (synced: boolean) => {
    if (!synced) return
    delay = firstDelayMs
    askLater(0)
  }
  provider.on('sync', onSync)

  return () => {
    if (timer !== null) clearTimeout(timer)
    doc.off('update', onUpdate)
    provider.off('sync', onSync)
    provider.messageHandlers[messageSync] = handleSync
  }
}
