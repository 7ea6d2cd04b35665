/**
 * The page's hold on its delegation's private drafts: a Yjs document of
 * the party's own at `ws /collab/<documentId>/private`, reached through
 * the same stock y-websocket provider and credentials as the shared
 * document (`collabProvider`: the page's session cookie, the `counterpart`
 * subprotocol, the frame socket). The server picks the party from the
 * member, never from the page. Each clause's draft is the fragment
 * `draft:<clauseId>`.
 *
 * One per page, connected the first time something asks for a clause's
 * draft, let go when the page is left (and taken up again if the browser
 * brings the page back). Nothing of it is kept in the browser: the drafts
 * are the party's, on its server. A close by the server (a refused change,
 * access ended) is said in words, by close code, in the reader's language
 * when the server sent the refusal's words first.
 */

import * as decoding from 'lib0/decoding'
import { messageAuth, type WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { draftRootName, privateDraftPath } from '../../server/vocabulary/privateLayer.js'
import { authRefusalWords, type RefusalWords } from '../../server/vocabulary/refusal.js'
import { collabProvider, wordsIn } from './documentConnection.js'
import type { FrameSocket } from './frameSocket.js'
import { closeMeaning } from './i18n/errorWords.js'
import { sayWords } from './i18n/serverWords.js'
import { t } from './i18n/translator.js'

/** Where the drafts' connection stands: not asked for yet, on its way (or back), in sync with the server, or closed by it for good. */
export type DraftConnectionState = { kind: 'idle' } | { kind: 'connecting'; again: boolean } | { kind: 'live' } | { kind: 'closed'; reason: string }

export class DraftDocument {
  readonly doc = new Y.Doc()
  private provider: WebsocketProvider | null = null
  private current: DraftConnectionState = { kind: 'idle' }
  private readonly listeners = new Set<(state: DraftConnectionState) => void>()

  constructor(private readonly documentId: string) {}

  /** Where the connection stands now. */
  get state(): DraftConnectionState {
    return this.current
  }

  /** The draft of clause `clauseId` (the fragment `draft:<clauseId>`), connecting first if this is the first asked for. */
  draftOf(clauseId: string): Y.XmlFragment {
    this.connect()
    return this.doc.getXmlFragment(draftRootName(clauseId))
  }

  /** Sends now what the socket holds back for the frame (the last keystrokes), ahead of a proposal of the draft. */
  flush(): void {
    ;(this.provider?.ws as FrameSocket | null | undefined)?.flush()
  }

  /** Calls `listener` whenever the connection's state changes; returns what stops it. */
  subscribe(listener: (state: DraftConnectionState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private connect(): void {
    if (this.provider) return
    const provider = collabProvider(`${this.documentId}/${privateDraftPath}`, this.doc)
    this.provider = provider
    // Words the server sends just before it closes the socket explain that close, in the reader's language.
    let refusal: RefusalWords | null = null
    provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      const kind = decoding.readVarUint(decoder)
      const payload = decoding.readVarString(decoder)
      if (kind === authRefusalWords) refusal = wordsIn(payload)
    }
    let synced = false
    provider.on('sync', (isSynced: boolean) => {
      if (!isSynced || this.current.kind === 'closed') return
      synced = true
      this.set({ kind: 'live' })
    })
    provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected' && this.current.kind !== 'closed') this.set({ kind: 'connecting', again: synced })
    })
    provider.on('connection-close', (event) => {
      const detail = refusal ? sayWords(refusal) : (event?.reason ?? '')
      refusal = null
      // 4400–4499: the server decided, and the provider does not try again.
      if (!event || event.code < 4400 || event.code >= 4500) return
      this.set({ kind: 'closed', reason: t('connection.closeReason', { meaning: closeMeaning(event.code), detail: detail || 'none' }) })
    })
    // Gone with the page: what the socket holds back for a frame goes first. A page the browser brings back connects again.
    window.addEventListener('pagehide', () => {
      ;(provider.ws as FrameSocket | null)?.flush()
      provider.disconnect()
    })
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && this.current.kind !== 'closed') provider.connect()
    })
    this.set({ kind: 'connecting', again: false })
    provider.connect()
  }

  private set(state: DraftConnectionState): void {
    if (JSON.stringify(state) === JSON.stringify(this.current)) return
    this.current = state
    for (const listener of this.listeners) listener(state)
  }
}
