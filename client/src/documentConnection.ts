/**
 * The editor page's hold on its document: the Y.Doc, the member's local
 * copy of it in this browser (`localCopy.ts`), the stock y-websocket
 * provider, the changes the server has not been seen to hold
 * (`unsentChanges.ts`, `serverAcknowledgement.ts`), and what the server's
 * closing of the connection means for all of them.
 *
 * The order matters: a local copy the browser held is loaded into the
 * document first, and only then does the provider connect, so its sync step 1 names everything
 * the page holds; the server asks (its own sync step 1) for exactly what it
 * lacks, and the changes made offline go once, in the answer. A browser
 * that kept no copy has the text the page's first script fetched
 * (`earlyText.ts`) applied instead, as the server's, so the provider's
 * sync step 1 names it and the answer is only what changed since. A page opened
 * from the local copy because the server could not be reached connects
 * once the server answers again, and only if it still says the page is the
 * same member's (otherwise it reloads, as whoever the server now says).
 *
 * The server is the only authority: when it refuses a change, or ends the
 * member's access, the local copy is removed with it — kept, it would hold
 * the refused change and send it again at every load. A session that ran
 * out of time (4440) ends nobody's access: the copy, with what was not
 * sent, stays for the page the person opens once signed in again.
 */

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { readSyncMessage } from 'y-protocols/sync'
import { WebsocketProvider, messageAuth } from 'y-websocket'
import * as Y from 'yjs'
import { changeRefusalCodes, closeCodes } from '../../server/vocabulary/closeCodes.js'
import { collabProtocol } from '../../server/vocabulary/collabProtocols.js'
import type { SessionView } from '../../server/vocabulary/views.js'
import { ApiError, type Api } from './api.js'
import type { EarlyText } from './request.js'
import { LocalCopy } from './localCopy.js'
import { ConnectionStatus } from './panels/connectionStatus.js'
import type { Notices } from './panels/notices.js'
import { followAcknowledgements } from './serverAcknowledgement.js'
import { UnsentChanges } from './unsentChanges.js'
import { closeMeaning } from './i18n/errorWords.js'
import { sayWords } from './i18n/serverWords.js'
import { authRefusalWords, isRefusalWords, type RefusalWords } from '../../server/vocabulary/refusal.js'
import { t } from './i18n/translator.js'
import { partLabel } from './i18n/vocabularyWords.js'
import { keepLostWords, takeLostWords, unsentWords, type LostWords } from './refusedWords.js'
import { FrameSocket } from './frameSocket.js'
import { oncePerFrame } from './afterPaint.js'

/** The words this module shows, in one place (in the interface's language; a close code's meaning from `closeMeaning`). */
const words = {
  refusedMessage: (reason: string) => t('connection.refused', { reason }),
  refusedReloading: (reason: string) => t('connection.refusedReloading', { reason }),
  disconnected: (reason: string) => t('connection.disconnected', { reason }),
  closeReason: (code: number, detail: string) => t('connection.closeReason', { meaning: closeMeaning(code), detail: detail || 'none' }),
  get noLocalCopy() { return t('connection.noLocalCopy') },
  lostWords: (lost: readonly LostWords[]) =>
    t('connection.lostWords', {
      words: lost
        .map((entry) => {
          const paragraphs = entry.paragraphs.map((text) => t('connection.lostParagraph', { text })).join(' ')
          return entry.part ? t('connection.lostIn', { where: partLabel(entry.part), paragraphs }) : t('connection.lostInClause', { heading: entry.heading, paragraphs })
        })
        .join(t('list.separator')),
    }),
}

/** The refusal words of an auth message, or null when they are not words this page knows. */
export function wordsIn(payload: string): RefusalWords | null {
  try {
    const value: unknown = JSON.parse(payload)
    return isRefusalWords(value) ? value : null
  } catch {
    return null
  }
}

/** A promise that never settles. */
const never = new Promise<never>(() => {})

/** How long the page waits for its local copy before it connects anyway. */
const copyLoadPatienceMs = 5000

export interface DocumentConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  status: ConnectionStatus
  /** Resolves once the document first holds text: the local copy's, or the server's at the first sync. */
  textArrived: Promise<void>
}

export interface ConnectionOptions {
  session: SessionView
  api: Api
  notices: Notices
  /** The page was opened from the local copy because the server could not be reached. */
  openedOffline: boolean
  /** The local copies of the document this browser held when the page started (`localCopyNames`). */
  heldCopies: Promise<readonly string[]>
  /** The text the page's first script asked for (`earlyText.ts`): applied before the provider connects. */
  earlyText: EarlyText
  /** Called when the server has closed the connection for good. */
  closed: () => void
}

/** Opens `session`'s document: from the local copy first, then through the server. */
export function connectDocument({ session, api, notices, openedOffline, heldCopies, earlyText, closed }: ConnectionOptions): DocumentConnection {
  const documentId = session.document!.id
  const doc = new Y.Doc()
  // Not connected yet: the local copy loads first.
  const provider = collabProvider(documentId, doc)
  // What the socket holds back for a frame goes before the page does.
  window.addEventListener('pagehide', () => (provider.ws as FrameSocket | null)?.flush())
  let copy = session.member ? LocalCopy.open(documentId, session.member.id, doc, heldCopies) : null
  const unsent = new UnsentChanges()
  const lost = session.member ? takeLostWords(documentId, session.member.id) : []
  if (lost.length > 0) notices.show(words.lostWords(lost), 'error')
  const status = new ConnectionStatus(provider, {
    get count() {
      return unsent.count
    },
    get keptInBrowser() {
      return copy !== null
    },
    openedOffline,
  })
  // The status line says the count once per frame, after the frame that shows the keystroke (its words are formatted
  // for the interface's language: in a keystroke's task they cost a paint half a millisecond).
  const showUnsent = oncePerFrame(() => status.update())
  const unsentChanged = () => {
    showUnsent()
    copy?.keepUnsent(unsent.kept())
  }
  followAcknowledgements(provider, unsent, { notMadeHere: (origin) => copy?.isOrigin(origin) ?? false, changed: unsentChanged })

  /** The page leaves by its own choice (a reload it started): nothing to warn about. */
  let leaving = false
  const reload = () => {
    leaving = true
    window.location.reload()
  }
  window.addEventListener('beforeunload', (event) => {
    if (leaving || unsent.count === 0) return
    event.preventDefault()
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = ''
  })

  const loaded = copy
    ? copy.loaded.then(
        (kept) => {
          if (kept) unsent.restore(kept)
          status.update()
        },
        () => {
          copy = null
          notices.show(words.noLocalCopy, 'warning')
        },
      )
    : Promise.resolve()
  // A copy this browser did not hold has nothing to load: the page connects at once, and the copy is made meanwhile
  // (y-indexeddb stores what the document holds by then). A copy that never finishes loading (a stuck IndexedDB)
  // must not keep the page offline either: connecting first is still sound, the copy's text then goes to the
  // server as an update once it loads.
  const nothingHeld = copy ? copy.held.then((held) => (held ? never : undefined)) : never
  const loadedOrLate = Promise.race([loaded, nothingHeld, new Promise<void>((resolve) => setTimeout(resolve, copyLoadPatienceMs))])
  // The text the first script fetched (when the browser kept no copy), as the server's: the provider's sync step 1
  // then names all of it, and the server answers with what changed since.
  const fetchedEarly = openedOffline ? Promise.resolve(false) : earlyText.messages.then((messages) => messages !== null && applySyncMessages(doc, messages, provider))
  void loadedOrLate.then(async () => {
    if (openedOffline && !(await serverStillOpens(api, session))) return reload()
    void copy?.keepSession(session).catch(() => {})
    await fetchedEarly
    provider.connect()
  })

  /** Forgets the unsent changes and removes the local copy: the server refused what it holds, or who holds it. */
  const discard = async () => {
    unsent.discard()
    status.update()
    await copy?.remove().catch(() => {})
  }

  // Refusals are explained, never silently dropped: in the reader's language when the server sent their words
  // just before (Counterpart's auth sub-type 1), else in the server's English.
  let refusalWords: RefusalWords | null = null
  const said = (english: string) => {
    const text = refusalWords ? sayWords(refusalWords) : english
    refusalWords = null
    return text
  }
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    const kind = decoding.readVarUint(decoder)
    const payload = decoding.readVarString(decoder)
    if (kind === authRefusalWords) {
      refusalWords = wordsIn(payload)
      return
    }
    notices.show(words.refusedMessage(said(payload)), 'warning')
  }
  // Whether this page has been in sync with the server: a refusal after that is of a change made here.
  let wasSynced = false
  provider.on('sync', (synced: boolean) => (wasSynced ||= synced))
  provider.on('connection-close', (event) => {
    // Words sent before this close explain it, and no later one.
    const detail = said(event?.reason ?? '')
    // 4400–4499: the server decided; reconnecting cannot help (the provider stops).
    if (!event || event.code < 4400 || event.code >= 4500) return
    closed()
    const reason = words.closeReason(event.code, detail)
    status.close(reason)
    // Too many tabs is no fault of the copy, nor a session that ran out of time (the person signs in again, and the
    // page then sends what it kept); every other refusal is of what the copy holds, or of who holds it.
    const kept = event.code === closeCodes['too-many'] || event.code === closeCodes.expired
    const refusedHere = wasSynced && changeRefusalCodes.includes(event.code)
    // What goes with the refused change is shown again after the reload, for the member to type again.
    if (refusedHere && session.member) keepLostWords(documentId, session.member.id, unsentWords(doc, unsent.kept()))
    const removed = kept ? Promise.resolve() : discard()
    if (refusedHere) {
      // The refused change is still in this page's document: start again from the server's text.
      notices.show(words.refusedReloading(detail || closeMeaning(event.code)), 'error')
      setTimeout(() => void removed.finally(reload), 2500)
      return
    }
    notices.show(words.disconnected(reason), 'error')
  })
  const textArrived = new Promise<void>((resolve) => {
    provider.on('sync', (synced: boolean) => synced && resolve())
    void loaded.then(() => doc.store.clients.size > 0 && resolve())
    void fetchedEarly.then((applied) => applied && resolve())
  })
  return { doc, provider, status, textArrived }
}

/**
 * The stock y-websocket provider of the collaboration socket `room` of
 * this page's server — `<documentId>` (the shared document) or
 * `<documentId>/private` (the member's party's drafts) — not connected
 * yet. The session cookie goes with the upgrade (the server checks its
 * Origin): no credential in the URL or the subprotocols. No
 * BroadcastChannel: the server is the only authority on what the document
 * holds. What is sent during a frame leaves after it (`FrameSocket`).
 */
export function collabProvider(room: string, doc: Y.Doc): WebsocketProvider {
  const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`
  return new WebsocketProvider(wsBase, room, doc, { protocols: [collabProtocol], disableBc: true, connect: false, WebSocketPolyfill: FrameSocket })
}

/** Applies sync messages from the server (updates and a sync step 2) to `doc`, as the provider would; whether they all applied. */
function applySyncMessages(doc: Y.Doc, messages: readonly Uint8Array[], provider: WebsocketProvider): boolean {
  try {
    doc.transact(() => {
      for (const message of messages) {
        const decoder = decoding.createDecoder(message)
        decoding.readVarUint(decoder)
        readSyncMessage(decoder, encoding.createEncoder(), doc, provider)
      }
    }, provider)
    return true
  } catch {
    // What did apply is the server's, and the provider's sync step 1 names it: the server sends the rest.
    return false
  }
}

/**
 * Waits until the server answers for the session again (retrying, sooner
 * when the browser says it is back online); resolves true when it opens
 * this document as the same member, false when it does not (another
 * person signed in meanwhile, or none: the page is to reload).
 */
async function serverStillOpens(api: Api, session: SessionView): Promise<boolean> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      const now = await api.session()
      return now.document?.id === session.document?.id && now.member?.id === session.member?.id
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) return false
    }
    await new Promise<void>((resolve) => {
      const again = () => {
        clearTimeout(timer)
        window.removeEventListener('online', again)
        resolve()
      }
      const timer = setTimeout(again, delay)
      window.addEventListener('online', again)
    })
  }
}
