/**
 * A client of a document that another instance owns: its socket is joined
 * to a socket of this instance's own on the owner, which serves it as any
 * client — the gate, the group commit, the broadcast, presence, every close
 * code — so that the guarantees are the owner's alone and this instance
 * only carries frames. The upstream socket presents the client's own
 * credentials (its token, in the subprotocols or the query, or its session
 * cookie and origin), so the owner checks them again itself.
 *
 * Frames from the client wait, bounded, while the upstream socket opens.
 * The owner's close code and reason reach the client as they are; an owner
 * that vanished (no closing handshake: killed, cut off) closes the client
 * with 1001, and its provider reconnects through the balancer, to the new
 * owner once the lease has passed on.
 */

import { WebSocket } from 'ws'
import type { Logger } from '../logger.js'
import { closeFrameFor } from '../vocabulary/closeCodes.js'
import type { CounterpartError } from '../vocabulary/errors.js'
import type { MemberRecord } from '../vocabulary/member.js'

/** The client's side: where frames from the owner go. */
export interface ClientSocket {
  send(frame: Uint8Array): void
  /** Closes the client's socket with this code and reason. */
  closeWith(code: number, reason: string): void
  pause(): void
  resume(): void
  /** Bytes queued to the client and not yet written. */
  readonly bufferedAmount: number
}

export interface Upstream {
  /** `ws://owner/collab/<documentId>[/private][?token=…]`. */
  url: string
  /** The subprotocols the client offered (the token among them, for the browser client). */
  protocols: string[]
  /** The client's cookie and origin, and the relaying instance's name. */
  headers: Record<string, string>
}

/** Close codes that say no closing handshake took place: the owner is gone, not refusing. */
const noHandshake = new Set([1005, 1006, 1015])

/**
 * How long the owner may take to answer the upstream socket's upgrade. An
 * owner that hangs (paused, cut off with its connections half open) accepts
 * the connection and never answers: without a bound the client would wait
 * for its own watchdog (30 s for y-websocket) long after the lease lapsed.
 * Given up, the client is closed with 1001 and reconnects, to the new owner
 * once the lease has passed on.
 */
const upstreamHandshakeMs = 5_000

/**
 * How often the owner's socket is pinged once open. An owner that stops
 * answering (paused, cut off with the connection half open) misses a pong,
 * and its clients here are closed with 1001 at the next ping instead of
 * waiting for their own watchdog.
 */
const upstreamPingMs = 5_000

export class RelayedConnection {
  private upstream: WebSocket | null = null
  private waiting: Uint8Array[] = []
  private waitingBytes = 0
  private ended = false
  /** Paused because the owner is not taking the client's frames fast enough. */
  private held = false
  /** Paused for good: this instance drains. */
  private quiet = false
  private pinger: NodeJS.Timeout | null = null

  constructor(
    readonly member: MemberRecord,
    private readonly client: ClientSocket,
    private readonly target: Upstream,
    private readonly maxBufferedBytes: number,
    private readonly log: Logger,
  ) {}

  /** Opens the socket to the owner. */
  async open(): Promise<void> {
    const upstream = new WebSocket(this.target.url, this.target.protocols, {
      headers: this.target.headers,
      maxPayload: 0,
      perMessageDeflate: false,
      handshakeTimeout: upstreamHandshakeMs,
    })
    this.upstream = upstream
    upstream.binaryType = 'nodebuffer'
    upstream.on('open', () => {
      for (const frame of this.waiting) upstream.send(frame)
      this.waiting = []
      this.waitingBytes = 0
      let answered = true
      upstream.on('pong', () => (answered = true))
      this.pinger = setInterval(() => {
        if (!answered) return upstream.terminate()
        answered = false
        upstream.ping()
      }, upstreamPingMs)
      this.pinger.unref()
    })
    upstream.on('message', (data: Buffer) => {
      if (this.client.bufferedAmount > this.maxBufferedBytes) {
        this.end(1013, 'the client is not reading its messages; reconnect')
        return
      }
      this.client.send(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      this.hold(upstream)
    })
    upstream.on('error', (error) => this.log.warn('relay.error', { url: redacted(this.target.url), error }))
    upstream.on('close', (code, reason) => {
      if (this.pinger) clearInterval(this.pinger)
      const text = reason.toString()
      this.log.info('relay.closed', { code, reason: text })
      if (noHandshake.has(code)) this.end(1001, 'the server instance serving this document is gone; reconnect')
      else this.end(code, text)
    })
  }

  /** A frame from the client: on to the owner (or waiting for the socket to open). */
  receive(frame: Uint8Array): void {
    if (this.ended) return
    const upstream = this.upstream
    if (upstream?.readyState === WebSocket.OPEN) {
      upstream.send(frame, () => this.hold(upstream))
      this.hold(upstream)
      return
    }
    this.waitingBytes += frame.length
    if (this.waitingBytes > this.maxBufferedBytes) {
      this.end(1013, 'the server instance serving this document does not answer; reconnect')
      return
    }
    this.waiting.push(frame.slice())
  }

  /** The client's socket has closed: so does the owner's. */
  closed(): void {
    this.ended = true
    this.closeUpstream()
  }

  /** Stops carrying the client's frames (this instance drains; the client resends them on reconnect). */
  quiesce(): void {
    this.quiet = true
    this.client.pause()
  }

  /** A client that sends faster than the owner takes it waits (its frames stay in its socket) until the owner's socket drains. */
  private hold(upstream: WebSocket): void {
    const full = upstream.bufferedAmount > this.maxBufferedBytes
    if (full === this.held || this.quiet) return
    this.held = full
    if (full) this.client.pause()
    else this.client.resume()
  }

  /** Closes the client with `reason`, and the owner's socket. */
  close(reason: CounterpartError): void {
    const { code, reason: text } = closeFrameFor(reason)
    this.end(code, text)
  }

  private end(code: number, reason: string): void {
    if (this.ended) return
    this.ended = true
    this.client.closeWith(code, reason)
    this.closeUpstream()
  }

  private closeUpstream(): void {
    const upstream = this.upstream
    if (!upstream) return
    if (upstream.readyState === WebSocket.OPEN) upstream.close(1000)
    else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate()
  }
}

/** A URL without its query (which may carry a token), for logs. */
function redacted(url: string): string {
  return url.replace(/\?.*$/, '')
}
