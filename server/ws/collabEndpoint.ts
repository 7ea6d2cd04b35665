/**
 * The WebSocket endpoint `/collab/<documentId>`. The member's token comes
 * either in the subprotocols the client offers (`counterpart` and
 * `counterpart.token.<token>`: what the browser client does, so that no
 * access log of a proxy records a token) or as `?token=<token>` (what stock
 * y-websocket clients and scripts do). It checks the token before any Yjs
 * work and refuses with a close code (4401 bad token, 4403 token of another
 * document, 4429 a member already holding its limit of sockets) after
 * completing the handshake, so that clients see the code and reason;
 * accepted sockets become Connections.
 */

import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Authenticator } from '../services/authenticator.js'
import { describePrincipal } from '../access/principal.js'
import { Connection, type Transport } from '../engine/connection.js'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import { CounterpartError, forbidden, goingAway, invalid, tooMany, unavailable } from '../vocabulary/errors.js'
import type { Logger } from '../logger.js'
import { closeFrameFor } from '../vocabulary/closeCodes.js'
import { MemberSockets } from './memberSockets.js'
import { collabProtocol, tokenProtocolPrefix } from '../vocabulary/collabProtocols.js'

export interface CollabEndpointOptions {
  authenticator: Authenticator
  registry: DocumentRegistry
  /** Largest message a client may send; frames over twice this are cut off by the socket itself (close 1009). */
  maxMessageBytes: number
  /** Most sockets one member may hold open at once; the next is closed with 4429. */
  maxConnectionsPerMember: number
  logger: Logger
  /** Milliseconds between pings; a socket that misses one is dropped. */
  heartbeatMs?: number
}


/** Bytes queued to a client that is not reading, beyond which it is disconnected. */
const maxBufferedBytes = 64 * 1024 * 1024
const collabPath = /^\/collab\/([^/?#]+)$/

export class CollabEndpoint {
  private readonly wss: WebSocketServer
  private readonly sockets = new Map<WebSocket, Connection | null>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly memberSockets: MemberSockets<WebSocket>
  private readonly heartbeat: NodeJS.Timeout
  private accepting = true

  constructor(private readonly options: CollabEndpointOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 2 * options.maxMessageBytes,
      // A browser fails a handshake that offered subprotocols and got none back.
      handleProtocols: (protocols) => (protocols.has(collabProtocol) ? collabProtocol : false),
    })
    this.memberSockets = new MemberSockets(options.maxConnectionsPerMember)
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs ?? 30_000)
    this.heartbeat.unref()
  }

  /** How many sockets are open. */
  get socketCount(): number {
    return this.sockets.size
  }

  /** How many sockets `memberId` holds open now (what the per-member limit counts). */
  connectionsOf(memberId: string): number {
    return this.memberSockets.count(memberId)
  }

  /** Handles an HTTP upgrade request; attach to the HTTP server's `upgrade` event. */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = collabPath.exec(url.pathname)
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nWebSocket endpoint is /collab/<documentId>\n')
      return
    }
    let documentId: string
    try {
      documentId = decodeURIComponent(match[1]!)
    } catch {
      this.refuse(request, socket, head, invalid('the document id in the path is not valid percent-encoding'), null)
      return
    }
    if (!this.accepting) {
      this.refuse(request, socket, head, goingAway('the server is shutting down'), documentId)
      return
    }
    let token: string | null
    try {
      token = tokenOf(request, url)
    } catch (error) {
      this.refuse(request, socket, head, error as CounterpartError, documentId)
      return
    }
    void this.authorize(token, documentId).then(
      (member) => this.accept(request, socket, head, member),
      (error: unknown) => {
        const reason = error instanceof CounterpartError ? error : unavailable('could not check the token; try again')
        if (!(error instanceof CounterpartError)) this.options.logger.error('ws.authorize-failed', { documentId, error })
        this.refuse(request, socket, head, reason, documentId)
      },
    )
  }

  /** Refuses new sockets from now on (shutdown). */
  stopAccepting(): void {
    this.accepting = false
  }

  /** Stops reading from every connection (shutdown): what they send now is resent on reconnect. */
  quiesce(): void {
    for (const connection of this.sockets.values()) connection?.quiesce()
  }

  /**
   * Closes every socket still open with `reason` and resolves once all have
   * closed; sockets whose client does not complete the closing handshake
   * within `graceMs` are cut.
   */
  async close(reason: CounterpartError, graceMs = 2_000): Promise<void> {
    clearInterval(this.heartbeat)
    const { code, reason: text } = closeFrameFor(reason)
    const sockets = [...this.sockets.keys()]
    const allClosed = Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))))
    for (const socket of sockets) socket.close(code, text)
    const cut = setTimeout(() => sockets.forEach((socket) => socket.terminate()), graceMs)
    await allClosed
    clearTimeout(cut)
  }

  private async authorize(token: string | null, documentId: string) {
    const principal = await this.options.authenticator.authenticate(token)
    if (principal.kind === 'admin') {
      throw forbidden('the administrator token is for the HTTP API; add a member to join a document')
    }
    if (principal.member.documentId !== documentId) throw forbidden(`this token is not valid for document ${documentId}`)
    return principal.member
  }

  private accept(request: http.IncomingMessage, socket: Duplex, head: Buffer, member: Connection['member']): void {
    const { logger, registry, maxMessageBytes } = this.options
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (!this.accepting) {
        const { code, reason } = closeFrameFor(goingAway('the server is shutting down'))
        ws.close(code, reason)
        return
      }
      // Counted here, where the socket exists and its 'close' is certain to
      // follow, and not earlier: an upgrade that dies during the handshake
      // never reaches this callback, so it could never be released.
      if (!this.memberSockets.admit(member.id, ws)) {
        const { code, reason } = closeFrameFor(
          tooMany(`member ${member.id} already holds ${this.memberSockets.limit} connections (COUNTERPART_MAX_CONNECTIONS_PER_MEMBER)`),
        )
        logger.warn('ws.refused', { documentId: member.documentId, memberId: member.id, code, reason, limit: this.memberSockets.limit })
        ws.close(code, reason)
        return
      }
      const log = logger.child({ documentId: member.documentId, memberId: member.id })
      const transport: Transport = {
        send: (frame, written) => {
          if (ws.readyState !== ws.OPEN) return written?.()
          if (ws.bufferedAmount > maxBufferedBytes) {
            connection.close(unavailable('the client is not reading its messages; reconnect'))
            return written?.()
          }
          ws.send(frame, written && (() => written()))
        },
        close: (reason) => {
          const { code, reason: text } = closeFrameFor(reason)
          ws.close(code, text)
        },
        pause: () => ws.pause(),
        resume: () => ws.resume(),
      }
      const connection = new Connection(member, transport, registry, { maxMessageBytes }, log)
      this.sockets.set(ws, connection)
      this.alive.add(ws)
      ws.on('pong', () => this.alive.add(ws))
      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          connection.close(invalid('text frames are not part of the y-websocket protocol'))
          return
        }
        const bytes = data as Buffer
        connection.receive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      })
      ws.on('error', (error) => log.warn('ws.error', { error }))
      ws.on('close', (code, reason) => {
        this.sockets.delete(ws)
        this.memberSockets.release(member.id, ws)
        connection.closed()
        log.info('ws.closed', { code, reason: reason.toString() })
      })
      log.info('ws.opened', describePrincipal({ kind: 'member', member }))
      void connection.open()
    })
  }

  private refuse(request: http.IncomingMessage, socket: Duplex, head: Buffer, reason: CounterpartError, documentId: string | null): void {
    const { code, reason: text } = closeFrameFor(reason)
    this.options.logger.info('ws.refused', { documentId, code, reason: text })
    if (socket.destroyed) return
    this.wss.handleUpgrade(request, socket, head, (ws) => ws.close(code, text))
  }

  private checkHeartbeats(): void {
    for (const socket of this.sockets.keys()) {
      if (!this.alive.has(socket)) {
        socket.terminate()
        continue
      }
      this.alive.delete(socket)
      socket.ping()
    }
  }
}

/**
 * The token a client sent: in its offered subprotocols, or in `?token=`.
 * Throws an `invalid` CounterpartError when the subprotocols carry more
 * than one, or one besides a `?token=`.
 */
function tokenOf(request: http.IncomingMessage, url: URL): string | null {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim())
  const inProtocols = offered.filter((protocol) => protocol.startsWith(tokenProtocolPrefix)).map((protocol) => protocol.slice(tokenProtocolPrefix.length))
  const inQuery = url.searchParams.get('token')
  if (inProtocols.length > 1 || (inProtocols.length === 1 && inQuery !== null)) {
    throw invalid(`send one token: either as the subprotocol "${tokenProtocolPrefix}<token>" or as ?token=, not both or several`)
  }
  return inProtocols[0] ?? inQuery
}
