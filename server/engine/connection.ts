/**
 * One client's WebSocket session on one document. It holds the document in
 * the registry, keeps the client's frames until the document has loaded
 * (answering a client that holds nothing from the stored state as soon as
 * that has been read), decodes each frame, and routes it: sync and updates
 * to the live document (and so through the gate), awareness to presence.
 *
 * Permission is checked on every message (through the gate and presence,
 * from the member as the connection knows it now), not only at connect.
 */

import { CounterpartError, invalid, tooLarge, unavailable } from '../vocabulary/errors.js'
import type { Logger } from '../logger.js'
import { decodeClientMessage, encodeRefusalWords, ProtocolError } from '../protocol/message.js'
import type { StoredDocument } from '../storage/updateLog.js'
import type { DocumentRegistry, StoredStateReader } from './documentRegistry.js'
import type { LiveDocument, Peer } from './liveDocument.js'
import { asksForEverything, storedAnswer } from './storedAnswer.js'
import type { MemberRecord } from '../vocabulary/member.js'

/** How the connection reaches its socket; the WebSocket layer implements it. */
export interface Transport {
  /** Sends one frame; `written` is called once it has been handed to the operating system (or dropped, the socket being closed). */
  send(frame: Uint8Array, written?: () => void): void
  /** Stops reading frames from the socket, and starts again. */
  pause(): void
  resume(): void
  /** Closes the socket, telling the client `reason` (mapped to a close code in one table). */
  close(reason: CounterpartError): void
}

export interface ConnectionLimits {
  /** Largest frame accepted, in bytes. */
  maxMessageBytes: number
}

export class Connection implements Peer, StoredStateReader {
  private document: LiveDocument | null = null
  /** Frames received before the document loaded, in order; null once it has. */
  private backlog: Uint8Array[] | null = []
  private backlogBytes = 0
  private ended = false
  /** Set during shutdown: frames are ignored, the provider resends them on reconnect. */
  private quiet = false
  /** Whether the client's first question was answered from the stored state (see `storedStateRead`). */
  private answeredFromStore = false

  constructor(
    readonly member: MemberRecord,
    private readonly transport: Transport,
    private readonly registry: DocumentRegistry,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {}

  get documentId(): string {
    return this.member.documentId
  }

  /** Holds the document and, once it has loaded, starts syncing and replays the frames that waited. */
  async open(): Promise<void> {
    let document: LiveDocument
    try {
      document = await this.registry.acquire(this.documentId, this)
    } catch (error) {
      this.registry.release(this.documentId, this)
      this.close(error instanceof CounterpartError ? error : unavailable('the document could not be loaded; try again'))
      return
    }
    if (this.ended) {
      this.registry.release(this.documentId, this)
      return
    }
    this.document = document
    document.attach(this, { ask: !this.answeredFromStore })
    const waiting = this.backlog ?? []
    this.backlog = null
    for (const frame of waiting) this.handle(frame)
  }

  /**
   * The document's stored state has been read and the live document is
   * about to be built from it: a client that asked for everything (sync
   * step 1 with an empty state vector) is answered from the stored state
   * now. Resolves once the answer has left (null: nothing to answer), so
   * that building the document does not hold it in the server's buffers.
   */
  storedStateRead(stored: StoredDocument): Promise<void> | null {
    if (this.ended || this.backlog === null) return null
    const asked = this.backlog.findIndex(asksForEverything)
    if (asked < 0) return null
    const [question] = this.backlog.splice(asked, 1)
    this.backlogBytes -= question!.length
    this.answeredFromStore = true
    let frames = 0
    let bytes = 0
    let lastLeft: Promise<void> = Promise.resolve()
    // Each frame is handed to the socket before the next is merged: the snapshot is on its way meanwhile.
    for (const frame of storedAnswer(stored)) {
      lastLeft = new Promise((resolve) => this.transport.send(frame, resolve))
      frames++
      bytes += frame.length
    }
    this.logger.debug('sync.answered-from-store', { frames, bytes })
    return lastLeft
  }

  /** A frame arrived from the client. */
  receive(frame: Uint8Array): void {
    if (this.ended || this.quiet) return
    if (frame.length > this.limits.maxMessageBytes) {
      this.close(tooLarge(`message of ${frame.length} bytes exceeds the limit of ${this.limits.maxMessageBytes}`))
      return
    }
    if (this.backlog !== null) {
      this.backlogBytes += frame.length
      if (this.backlogBytes > this.limits.maxMessageBytes) {
        this.close(tooLarge(`more than ${this.limits.maxMessageBytes} bytes sent before the document loaded`))
        return
      }
      this.backlog.push(frame)
      return
    }
    this.handle(frame)
  }

  send(frame: Uint8Array): void {
    if (!this.ended) this.transport.send(frame)
  }

  pause(): void {
    this.transport.pause()
  }

  resume(): void {
    this.transport.resume()
  }

  close(reason: CounterpartError): void {
    if (this.ended) return
    this.logger.info('connection.closing', { documentId: this.documentId, memberId: this.member.id, code: reason.code, reason: reason.message })
    // The close reason is English and at most 123 bytes: the words go first, for the page to say in its reader's language.
    if (reason.words) this.transport.send(encodeRefusalWords(reason.words))
    this.transport.close(reason)
    this.ended = true
    this.leave()
  }

  /** The socket is gone (closed by either side). */
  closed(): void {
    this.ended = true
    this.leave()
  }

  /** Stops taking frames (shutdown); frames already accepted still complete. */
  quiesce(): void {
    this.quiet = true
  }

  private leave(): void {
    const document = this.document
    if (document === null) return
    this.document = null
    document.detach(this)
    this.registry.release(this.documentId, this)
  }

  private handle(frame: Uint8Array): void {
    const document = this.document
    if (document === null || this.ended) return
    try {
      const message = decodeClientMessage(frame)
      switch (message.type) {
        case 'sync-step-1':
          document.answerSyncStep1(this, message.stateVector)
          break
        case 'sync-step-2':
        case 'update':
          document.receiveUpdate(this, message.update)
          break
        case 'awareness':
          document.presence.receive(this, message.update)
          break
        case 'query-awareness':
          document.answerQueryAwareness(this)
          break
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.close(invalid(error.message))
      else if (error instanceof CounterpartError) this.close(error)
      else {
        this.logger.error('connection.message-failed', { documentId: this.documentId, memberId: this.member.id, error })
        this.close(unavailable('the server could not handle this message'))
      }
    }
  }
}
