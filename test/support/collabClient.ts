/**
 * Stock y-websocket providers connected to a test server, as a browser
 * would connect them. BroadcastChannel is disabled: in one Node process the
 * providers would otherwise sync with each other behind the server's back.
 */

import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { messageAuth, messageSync, WebsocketProvider } from 'y-websocket'
import { syncStep1 } from '../../server/protocol/message.js'
import * as Y from 'yjs'
import { authRefusalWords } from '../../server/vocabulary/refusal.js'

export interface TestClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** The shared `prosemirror` fragment. */
  readonly fragment: Y.XmlFragment
  /**
   * The updates the server sent this client (sync step 2 and update
   * messages), byte for byte, in order. Not the document's 'update' events:
   * those can mix in the client's own unsent edits (text arriving inside a
   * paragraph this client has deleted is deleted on arrival).
   */
  readonly received: Uint8Array[]
  /** Close frames the server sent, in order. */
  readonly closes: { code: number; reason: string }[]
  /** Permission-denied reasons the server sent. */
  readonly denials: string[]
  /** Refusals in words the server sent before a denial or a close (Counterpart's auth sub-type 1), parsed. */
  readonly refusals: unknown[]
  /** Resolves once the provider has synced (now or later). */
  synced(): Promise<void>
  /** Resolves at the next close frame from the server (or the last one, if already closed). */
  closed(): Promise<{ code: number; reason: string }>
  destroy(): void
}

// Each provider registers a process 'exit' listener; tests open dozens.
process.setMaxListeners(0)

export function connectClient(collabUrl: string, documentId: string, token: string, options: { doc?: Y.Doc } = {}): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(collabUrl, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  })
  const received: Uint8Array[] = []
  const closes: { code: number; reason: string }[] = []
  const denials: string[] = []
  const refusals: unknown[] = []
  const syncHandler = provider.messageHandlers[messageSync]!
  provider.messageHandlers[messageSync] = (encoder, decoder, ...rest) => {
    const peek = decoding.clone(decoder)
    if (decoding.readVarUint(peek) !== syncStep1) received.push(decoding.readVarUint8Array(peek).slice())
    syncHandler(encoder, decoder, ...rest)
  }
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  // The stock provider only logs denials to the console; record them instead, as a UI would show them.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    const kind = decoding.readVarUint(decoder)
    const payload = decoding.readVarString(decoder)
    if (kind === authRefusalWords) refusals.push(JSON.parse(payload))
    else denials.push(payload)
  }
  return {
    doc,
    provider,
    fragment: doc.getXmlFragment('prosemirror'),
    received,
    closes,
    denials,
    refusals,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) resolve()
        else provider.once('sync', () => resolve())
      }),
    closed: () =>
      new Promise((resolve) => {
        const seen = closes.length
        provider.on('connection-close', () => {
          if (closes.length > seen) resolve(closes[closes.length - 1]!)
        })
        if (!provider.wsconnected && !provider.wsconnecting && closes.length > 0) resolve(closes[closes.length - 1]!)
      }),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Appends a paragraph holding `text` to the last clause of the client's fragment, in one transaction. */
export function writeParagraph(client: TestClient, text: string): void {
  client.doc.transact(() => {
    const clause = client.fragment.toArray().findLast((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
    if (!clause) throw new RangeError('the document has no clause to write in')
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    clause.push([paragraph])
  })
}

/** How many blocks the last clause of `fragment` holds (the heading included): what `writeParagraph` adds to. */
export function writtenBlocks(fragment: Y.XmlFragment): number {
  const clause = fragment.toArray().findLast((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
  return clause?.length ?? 0
}
