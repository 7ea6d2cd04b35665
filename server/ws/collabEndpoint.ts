/**
 * The WebSocket endpoints `/collab/<documentId>` (the shared document) and
 * `/collab/<documentId>/private` (the asker's party's private drafts, for
 * that party's heads of delegation, delegates and legal staff alone). The member's token comes
 * either in the subprotocols the client offers (`counterpart` and
 * `counterpart.token.<token>`: what the browser client does, so that no
 * access log of a proxy records a token) or as `?token=<token>` (what stock
 * y-websocket clients and scripts do), or, with neither, a signed-in
 * session cookie, when the upgrade's `Origin` is the server's own: the
 * membership's session of a page opened with its token, or else a
 * signed-in person's (who joins as their membership of the document). It checks the
 * credential before any Yjs
 * work and refuses with a close code (4401 bad token or access ended, 4440 a
 * session ended by time, 4403 token of another
 * document, 4429 a member already holding its limit of sockets) after
 * completing the handshake, so that clients see the code and reason;
 * accepted sockets become Connections.
 */

import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Authenticator } from '../services/authenticator.js'
import { describePrincipal, privateLayerParty } from '../access/principal.js'
import { Connection, type Transport } from '../engine/connection.js'
import { DraftConnection, type DraftRooms } from '../engine/draftRooms.js'
import { privateDraftPath } from '../vocabulary/privateLayer.js'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import { CounterpartError, forbidden, goingAway, invalid, tooMany, unavailable } from '../vocabulary/errors.js'
import type { Logger } from '../logger.js'
import { closeFrameFor } from '../vocabulary/closeCodes.js'
import { MemberSockets } from './memberSockets.js'
import { RelayedConnection, type ClientSocket, type Upstream } from './relayedConnection.js'
import { relayedByHeader, type DocumentOwnership } from '../engine/documentOwnership.js'
import type { BrowserSessions } from '../services/browserSessions.js'
import { isSameOrigin, memberCookieName, readSessionCookie } from '../access/sessionCookie.js'
import { hashToken } from '../access/token.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { collabProtocol, tokenProtocolPrefix } from '../vocabulary/collabProtocols.js'

export interface CollabEndpointOptions {
  authenticator: Authenticator
  /** Session cookies: accepted on an upgrade without a token, from `origin` only. */
  cookies?: { sessions: BrowserSessions; cookieName: string; origin: string }
  registry: DocumentRegistry
  /** Each party's private draft documents, at `/collab/<documentId>/private`. */
  drafts: DraftRooms
  /** Largest message a client may send; frames over twice this are cut off by the socket itself (close 1009). */
  maxMessageBytes: number
  /** Most sockets one member may hold open at once; the next is closed with 4429. */
  maxConnectionsPerMember: number
  logger: Logger
  /** Milliseconds between pings; a socket that misses one is dropped. */
  heartbeatMs?: number
  /** Notes that a member is in the document now: told when one of their sockets opens and when it closes. */
  markSeen: (memberId: string) => Promise<void>
  /** Several instances: which documents this instance owns. A client's document owned by another is relayed there; owned by none, it is claimed for the socket's life. */
  ownership?: Pick<DocumentOwnership, 'claim' | 'release' | 'instanceId'>
}


/** Bytes queued to a client that is not reading, beyond which it is disconnected. */
const maxBufferedBytes = 64 * 1024 * 1024
const collabPath = new RegExp(`^/collab/([^/?#]+)(/${privateDraftPath})?$`)

/** What a socket feeds: the shared document's connection, a party's draft document's, or one relayed to the instance that owns the document. */
type Session = Pick<Connection, 'member' | 'open' | 'receive' | 'closed' | 'quiesce' | 'close'>

export class CollabEndpoint {
  private readonly wss: WebSocketServer
  private readonly sockets = new Map<WebSocket, Session | null>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly memberSockets: MemberSockets<WebSocket>
  private readonly heartbeat: NodeJS.Timeout
  private accepting = true
  /** "Last seen" writes under way, awaited by `close`. */
  private readonly seenWrites = new Set<Promise<void>>()
  /** The sockets a session cookie opened: whose, and which session (its hash), so that signing out closes them. */
  private readonly signedIn = new Map<WebSocket, { personId: string; sessionHash: string }>()
  /** The sockets a bearer token opened: the hash of that token, so that revoking a personal API token closes them. */
  private readonly openedWith = new Map<WebSocket, string>()

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
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nWebSocket endpoints are /collab/<documentId> and /collab/<documentId>/${privateDraftPath}\n`)
      return
    }
    const drafts = match[2] !== undefined
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
    const cookies = this.options.cookies
    const memberSession = token === null && cookies ? readSessionCookie(request.headers.cookie, memberCookieName(cookies.cookieName, documentId)) : null
    const session = token === null && memberSession === null && cookies ? readSessionCookie(request.headers.cookie, cookies.cookieName) : null
    const authorized =
      memberSession !== null
        ? this.authorizeMemberSession(memberSession, request.headers.origin, documentId)
        : session !== null
          ? this.authorizeSession(session, request.headers.origin, documentId)
          : this.authorize(token, documentId).then((member) => ({ member, person: null }))
    // A party's drafts: the party the member acts for, never one the request names.
    const admitted = authorized.then(async ({ member, person }) => ({
      member,
      person,
      party: drafts ? privateLayerParty({ kind: 'member', member }, documentId) : null,
      // Checked here, at the edge: a client is relayed only once it has shown who it is.
      owner: await this.ownerElsewhere(request, socket, documentId),
    }))
    void admitted.then(
      ({ member, person, party, owner }) => this.accept(request, socket, head, member, person, token === null ? null : hashToken(token), party, owner),
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
    // The closings' "last seen", written before the database is closed.
    await Promise.all(this.seenWrites)
  }

  private async authorize(token: string | null, documentId: string) {
    const principal = await this.options.authenticator.authenticate(token)
    if (principal.kind === 'admin') {
      throw forbidden('the administrator token is for the HTTP API; add a member to join a document')
    }
    if (principal.member.documentId !== documentId) throw forbidden(`this token is not valid for document ${documentId}`)
    return principal.member
  }

  /**
   * Closes, with 4401, the sockets that sessions opened: every one of
   * `personId`'s (signed out everywhere), or only those of the session
   * whose hash is `sessionHash` (signed out here).
   */
  closeSignedIn(ended: { personId: string } | { sessionHash: string }, reason: CounterpartError): void {
    const { code, reason: text } = closeFrameFor(reason)
    for (const [socket, owner] of this.signedIn) {
      if ('personId' in ended ? owner.personId === ended.personId : owner.sessionHash === ended.sessionHash) socket.close(code, text)
    }
  }

  /**
   * Closes, with `reason`, every socket of member `memberId` of
   * `documentId` — on the shared document and on its party's drafts, its
   * document loaded or not: the member was revoked, or holds another role.
   */
  closeMember(documentId: string, memberId: string, reason: CounterpartError): void {
    for (const session of this.sockets.values()) {
      if (session !== null && session.member.documentId === documentId && session.member.id === memberId) session.close(reason)
    }
  }

  /** Closes, with `reason`, the sockets opened with the token whose hash is `tokenHash` (a personal API token, revoked). */
  closeOpenedWith(tokenHash: string, reason: CounterpartError): void {
    const { code, reason: text } = closeFrameFor(reason)
    for (const [socket, opener] of this.openedWith) if (opener === tokenHash) socket.close(code, text)
  }

  /** A membership's session (a page opened with its token), from our own pages only. */
  private async authorizeMemberSession(session: string, origin: string | undefined, documentId: string): Promise<{ member: MemberRecord; person: null }> {
    const { sessions, origin: expected } = this.options.cookies!
    if (!isSameOrigin(origin, expected)) throw forbidden(`a signed-in connection must come from ${expected}`)
    return { member: await sessions.memberOf(session, documentId), person: null }
  }

  private async authorizeSession(
    session: string,
    origin: string | undefined,
    documentId: string,
  ): Promise<{ member: MemberRecord; person: { personId: string; sessionHash: string } }> {
    const { sessions, origin: expected } = this.options.cookies!
    // A browser sends the cookie with any page's upgrade: only our own pages may use it.
    if (!isSameOrigin(origin, expected)) throw forbidden(`a signed-in connection must come from ${expected}`)
    const person = await sessions.personOf(session)
    const principal = await sessions.principalIn(person, documentId)
    if (principal.kind !== 'member') throw forbidden('you hold no membership of this document: the administrator reads it through the API, and joins the text as a member')
    return { member: principal.member, person: { personId: person.id, sessionHash: hashToken(session) } }
  }

  private accept(
    request: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    member: Connection['member'],
    signedIn: { personId: string; sessionHash: string } | null,
    tokenHash: string | null,
    /** The party whose drafts the socket edits; null for the shared document. */
    party: string | null,
    /** Where the instance owning the document is reached, when it is not this one. */
    owner: string | null,
  ): void {
    const { logger, registry, drafts, maxMessageBytes } = this.options
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
      const log = logger.child({ documentId: member.documentId, memberId: member.id, ...(party === null ? {} : { drafts: party }) })
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
      const connection: Session =
        owner !== null
          ? new RelayedConnection(member, clientSocket(ws), upstreamOf(request, owner, this.options.ownership!.instanceId), maxBufferedBytes, log.child({ relayedTo: owner }))
          : party === null
            ? new Connection(member, transport, registry, { maxMessageBytes }, log)
            : new DraftConnection(member, party, transport, drafts, maxMessageBytes, log)
      this.sockets.set(ws, connection)
      if (signedIn !== null) this.signedIn.set(ws, signedIn)
      if (tokenHash !== null) this.openedWith.set(ws, tokenHash)
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
        this.signedIn.delete(ws)
        this.openedWith.delete(ws)
        this.memberSockets.release(member.id, ws)
        connection.closed()
        log.info('ws.closed', { code, reason: reason.toString() })
        this.markSeen(member.id, log)
      })
      log.info('ws.opened', describePrincipal({ kind: 'member', member }))
      this.markSeen(member.id, log)
      void connection.open()
    })
  }

  /**
   * Where the instance that owns `documentId` is reached, when another
   * does; null when this one serves the socket — claiming the document for
   * as long as the socket lasts when nobody owned it (two instances asked
   * at once: one wins, the other relays to it). A socket relayed here is
   * served here.
   */
  private async ownerElsewhere(request: http.IncomingMessage, socket: Duplex, documentId: string): Promise<string | null> {
    const ownership = this.options.ownership
    if (!ownership || request.headers[relayedByHeader] !== undefined) return null
    const user = `socket:${++this.claims}`
    const claim = await ownership.claim(documentId, user)
    if (claim.kind === 'elsewhere') return claim.lease.url
    if (socket.destroyed) ownership.release(documentId, user)
    else socket.once('close', () => ownership.release(documentId, user))
    return null
  }

  private claims = 0

  /** Notes that `memberId` is in the document; a failure only costs the "last seen" it would have shown. */
  private markSeen(memberId: string, log: Logger): void {
    const written = this.options.markSeen(memberId).catch((error: unknown) => log.warn('member.seen-failed', { error }))
    this.seenWrites.add(written)
    void written.finally(() => this.seenWrites.delete(written))
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

/** A client's socket as a relayed connection drives it. */
function clientSocket(ws: WebSocket): ClientSocket {
  return {
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(frame)
    },
    closeWith: (code, reason) => ws.close(code, reason),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    get bufferedAmount() {
      return ws.bufferedAmount
    },
  }
}

/** The owner's socket for a client's upgrade `request`: the same path and query, subprotocols, cookie and origin; named as relayed by `instanceId`. */
function upstreamOf(request: http.IncomingMessage, owner: string, instanceId: string): Upstream {
  const url = new URL(request.url ?? '/', owner)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim()).filter((protocol) => protocol !== '')
  const headers: Record<string, string> = { [relayedByHeader]: instanceId }
  if (request.headers.cookie !== undefined) headers.cookie = request.headers.cookie
  if (request.headers.origin !== undefined) headers.origin = request.headers.origin
  return { url: url.toString(), protocols, headers }
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
