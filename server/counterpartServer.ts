/**
 * Assembles one running Counterpart server from a configuration and an
 * open, migrated database: HTTP API and WebSocket endpoint on one port,
 * the document registry behind them. Closing it drains gracefully and
 * leaves the database open for its owner to close.
 */

import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { Authenticator } from './services/authenticator.js'
import { ApiTokens } from './services/apiTokens.js'
import { ApiTokenStore } from './storage/apiTokenStore.js'
import { Membership } from './services/membership.js'
import type { Principal } from './access/principal.js'
import { Compactor } from './engine/compactor.js'
import { FoldWorker } from './engine/foldWorker.js'
import { DocumentContent } from './services/documentContent.js'
import { FirstText } from './services/firstText.js'
import { DocumentEditor } from './services/documentEditor.js'
import { DocumentRegistry } from './engine/documentRegistry.js'
import { Discussion } from './services/discussion.js'
import { WaitingList } from './services/waitingList.js'
import { Invitations } from './services/invitations.js'
import { Rounds } from './services/rounds.js'
import { RoundStore } from './storage/roundStore.js'
import { PrivateLayer } from './services/privateLayer.js'
import { PrivateDrafts } from './services/privateDrafts.js'
import { PrivateDraftStore } from './storage/privateDraftStore.js'
import { DraftRooms } from './engine/draftRooms.js'
import { DiscussionRecords } from './services/discussionRecords.js'
import { SealedExports } from './services/sealedExports.js'
import { PrivateNoteStore } from './storage/privateNoteStore.js'
import { PrivateThreadStore } from './storage/privateThreadStore.js'
import { DocumentEvents } from './services/documentEvents.js'
import { Workspace } from './services/workspace.js'
import { InvitationStore } from './storage/invitationStore.js'
import { WaitingStore } from './storage/waitingStore.js'
import { NegotiationDesk } from './services/negotiationDesk.js'
import { RevisionRecorder } from './services/revisionRecorder.js'
import { SigningDesk } from './services/signingDesk.js'
import { LegalXml } from './services/legalXml.js'
import { VersionHistory } from './services/versionHistory.js'
import { GroupCommit } from './engine/groupCommit.js'
import { UpdateGate } from './engine/updateGate.js'
import { mouSchema } from './vocabulary/schema.js'
import { baseUrl, internalUrl, publicOrigin, type Config } from './config.js'
import { DocumentOwnership } from './engine/documentOwnership.js'
import { LeaseStore } from './storage/leaseStore.js'
import { BrowserSessions } from './services/browserSessions.js'
import { PasskeySignIn } from './services/passkeySignIn.js'
import { PersonStore } from './storage/personStore.js'
import { SessionStore } from './storage/sessionStore.js'
import { ChallengeStore } from './storage/challengeStore.js'
import { sessionCookieName } from './access/sessionCookie.js'
import { projectRoot } from './projectRoot.js'
import { DocumentCatalog } from './services/documentCatalog.js'
import { goingAway, type CounterpartError } from './vocabulary/errors.js'
import { ClusterBus, heardReason, sentReason } from './engine/clusterBus.js'
import { NotificationChannel } from './storage/notificationChannel.js'
import { createHttpApp } from './http/app.js'
import type { Logger } from './logger.js'
import { AuditTrail, type AuditEvent } from './services/auditTrail.js'
import type { Database } from './storage/database.js'
import { AuditStore } from './storage/auditStore.js'
import { AuthorshipStore } from './storage/authorshipStore.js'
import { CommentStore } from './storage/commentStore.js'
import { DocumentStore } from './storage/documentStore.js'
import { MemberStore } from './storage/memberStore.js'
import { ExportStore } from './storage/exportStore.js'
import { RevisionStore } from './storage/revisionStore.js'
import type { SealKey } from './export/seal.js'
import { UpdateLog } from './storage/updateLog.js'
import type { TemplateLibrary } from './templates/templateLibrary.js'
import { CollabEndpoint } from './ws/collabEndpoint.js'
import { documentRules } from './negotiation/documentRules.js'
import { ComparisonDesk } from './services/comparisonDesk.js'
import { LanguageTexts } from './services/languageTexts.js'
import { TranslationDesk } from './services/translationDesk.js'
import { SeenMarks } from './services/seenMarks.js'
import { DraftImport } from './services/draftImport.js'
import { DraftReader } from './import/draftReader.js'
import { TranslationStore } from './storage/translationStore.js'

export interface ServerOptions {
  config: Config
  database: Database
  logger: Logger
  /** SHA-256 (hex) of the administrator's token. */
  adminTokenHash: string
  /** The clause template library, already checked. */
  templates: TemplateLibrary
  /** The key that seals signing copies. */
  sealKey: SealKey
}

export interface CounterpartServer {
  /** The port actually bound (useful with PORT=0). */
  readonly port: number
  /** Base URL for links, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** The origin browsers sign in from (`COUNTERPART_PUBLIC_ORIGIN`), e.g. `http://localhost:8080`. */
  readonly origin: string
  /** Browser sessions of signed-in people. */
  readonly sessions: BrowserSessions
  /** Passkey accounts: registration links (the first start's banner prints the administrator's). */
  readonly signIn: Pick<PasskeySignIn, 'createRegistrationLink'>
  /** Invitations into a negotiation (the first start's banner prints the demo's). */
  readonly invitations: Pick<Invitations, 'invite'>
  readonly registry: DocumentRegistry
  /** The WebSocket endpoint: open sockets, and how many each member holds. */
  readonly collab: Pick<CollabEndpoint, 'socketCount' | 'connectionsOf'>
  /** Server-side reads and changes of live documents. */
  readonly editor: DocumentEditor
  readonly groupCommit: GroupCommit
  readonly catalog: DocumentCatalog
  readonly membership: Membership
  readonly history: VersionHistory
  readonly desk: SigningDesk
  readonly comparisons: ComparisonDesk
  readonly negotiation: NegotiationDesk
  readonly translations: TranslationDesk
  readonly discussion: Discussion
  readonly rounds: Rounds
  readonly privateLayer: PrivateLayer
  /**
   * Drains: stops accepting connections and messages, stores every update
   * already accepted and shows it to the other clients, closes every
   * socket with 1001, and stops listening.
   */
  close(): Promise<void>
}

export async function startServer({ config, database, logger, adminTokenHash, templates, sealKey }: ServerOptions): Promise<CounterpartServer> {
  const documents = new DocumentStore(database)
  const members = new MemberStore(database)
  const updateLog = new UpdateLog(database)
  const apiTokenStore = new ApiTokenStore(database)
  const authenticator = new Authenticator(members, adminTokenHash, apiTokenStore)
  // Several instances: what each must hear at once, told through the database's notification channel.
  const bus = new ClusterBus(config.cluster ? new NotificationChannel(database, 'counterpart_cluster') : null, config.instanceId, logger)
  const events = new DocumentEvents({
    changed: (documentId, change) => bus.tell({ kind: 'change', documentId, change }),
    memberEnded: (documentId, memberId, reason) => bus.tell({ kind: 'end-member-streams', documentId, memberId, reason }),
  })
  const audit = new AuditTrail(new AuditStore(database), events)
  const catalog = new DocumentCatalog(documents, templates, audit)
  const groupCommit = new GroupCommit(updateLog, config.maxCommitBatch)
  const folder = new FoldWorker()
  const compactor = new Compactor(updateLog, config.compactAfterUpdates, logger, () => folder.begin())
  const revisions = new RevisionStore(database)
  const authorship = new AuthorshipStore(database)
  const membership = new Membership(catalog, members, audit)
  const recorder = new RevisionRecorder(revisions, config.checkpointAfterMs, logger, audit)
  const recordQuietly = (documentId: string, actor: Principal | null, event: AuditEvent) =>
    audit.record(documentId, actor, event).catch((error: unknown) => logger.error('audit.failed', { documentId, event: event.event, error }))
  // Told of every commit: automatic checkpoints, and language texts kept in line with the working text (built below, on the editor the registry serves).
  const aligners: { languageTexts?: LanguageTexts } = {}
  // Where the other instances reach this one is known once it listens (PORT=0), before any document is claimed.
  const holder = { instanceId: config.instanceId, url: '' }
  const ownership = new DocumentOwnership({ leases: new LeaseStore(database), holder, leaseMs: config.leaseMs, alone: !config.cluster, logger })
  const registry = new DocumentRegistry({
    ownership,
    updateLog,
    documents,
    authorship,
    groupCommit,
    gate: new UpdateGate({ maxUpdateBytes: config.maxMessageBytes, rules: documentRules(mouSchema) }),
    compactor,
    watcher: {
      consider: (document, changedBy) => {
        recorder.consider(document)
        aligners.languageTexts?.consider(document, changedBy)
      },
      beforeUnload: (document) => recorder.beforeUnload(document),
    },
    onRefused: (documentId, member, refusal) => {
      // The reason in English, and in words the audit panel says in its reader's language.
      const details = { reason: refusal.message, ...(refusal.words ? { words: refusal.words } : {}) }
      void recordQuietly(documentId, { kind: 'member', member }, { event: 'update-refused', details, visibleTo: member.party })
    },
    logger,
    unloadDelayMs: config.unloadDelayMs,
  })
  const editor = new DocumentEditor(registry)
  const languageTexts = (aligners.languageTexts = new LanguageTexts(editor, logger))
  const content = new DocumentContent(catalog, editor, templates, audit)
  const history = new VersionHistory(catalog, editor, recorder, revisions, authorship, members, audit)
  const translations = new TranslationDesk(catalog, editor, new TranslationStore(database), members, audit)
  const sealed = new SealedExports(sealKey, new ExportStore(database), audit, catalog, members)
  const desk = new SigningDesk({
    catalog,
    history,
    editor,
    sealed,
    audit,
    translations,
    documents,
  })
  const comparisons = new ComparisonDesk(history, audit)
  const negotiation = new NegotiationDesk(catalog, editor, audit, translations)
  const discussion = new Discussion(catalog, editor, new CommentStore(database), new PrivateThreadStore(database), members, events)
  const waiting = new WaitingList(catalog, editor, discussion, translations, new WaitingStore(database))
  const draftReader = new DraftReader()
  const draftImport = new DraftImport(catalog, editor, recorder, revisions, discussion, audit, draftReader)
  let draining = false
  // Listening first: the origin browsers use may name the port chosen (PORT=0).
  const server = http.createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  holder.url = internalUrl(config, port)
  ownership.start()
  const origin = publicOrigin(config, port)
  const secureCookie = origin.startsWith('https:')
  const cookieName = sessionCookieName(secureCookie)
  const people = new PersonStore(database)
  const sessions = new BrowserSessions(new SessionStore(database), people, members, {
    idleMs: config.sessionIdleMs,
    maxAgeMs: config.sessionMaxAgeMs,
  })
  const signIn = new PasskeySignIn(people, new ChallengeStore(database), { origin, id: new URL(origin).hostname, name: 'Counterpart' })
  const invitations = new Invitations(catalog, membership, members, sessions, new InvitationStore(database), audit, origin)
  const rounds = new Rounds(catalog, new RoundStore(database), history, editor, audit)
  const records = new DiscussionRecords(catalog, rounds, history, translations, sealed)
  const legalXml = new LegalXml({ catalog, history, editor, rounds, documents })
  const drafts = new DraftRooms({
    store: new PrivateDraftStore(database),
    parties: async (documentId) => (await documents.get(documentId))?.parties ?? [],
    logger,
    unloadDelayMs: config.unloadDelayMs,
    ownership,
  })
  const privateDrafts = new PrivateDrafts(catalog, drafts, editor, audit)
  const privateLayer = new PrivateLayer(catalog, new PrivateNoteStore(database), discussion, members, editor, privateDrafts)
  const workspace = new Workspace(catalog, membership, sessions)
  const seenMarks = new SeenMarks((memberId) => members.markSeen(memberId))
  const endpoint = new CollabEndpoint({
    authenticator,
    cookies: { sessions, cookieName, origin },
    registry,
    drafts,
    maxMessageBytes: config.maxMessageBytes,
    maxConnectionsPerMember: config.maxConnectionsPerMember,
    logger,
    markSeen: (memberId) => seenMarks.mark(memberId),
    ownership: config.cluster ? ownership : undefined,
  })
  await bus.start((message) => {
    switch (message.kind) {
      case 'change':
        return events.deliver(message.documentId, message.change)
      case 'end-member-streams':
        return events.endMemberHere(message.documentId, message.memberId, message.reason)
      case 'close-member':
        return endpoint.closeMember(message.documentId, message.memberId, heardReason(message.reason))
      case 'close-signed-in':
        return endpoint.closeSignedIn(message.ended, heardReason(message.reason))
      case 'close-opened-with':
        return endpoint.closeOpenedWith(message.tokenHash, heardReason(message.reason))
    }
  })
  // A socket to close is closed here at once, and on every other instance as soon as it hears.
  const closeMember = (documentId: string, memberId: string, reason: CounterpartError) =>
    bus.everywhere({ kind: 'close-member', documentId, memberId, reason: sentReason(reason) })
  const closeSignedIn = (ended: { personId: string } | { sessionHash: string }, reason: CounterpartError) =>
    bus.everywhere({ kind: 'close-signed-in', ended, reason: sentReason(reason) })
  const closeOpenedWith = (tokenHash: string, reason: CounterpartError) => bus.everywhere({ kind: 'close-opened-with', tokenHash, reason: sentReason(reason) })
  const apiTokens = new ApiTokens(apiTokenStore, people, closeOpenedWith)

  const app = createHttpApp({
    database,
    authenticator,
    signIn,
    sessions,
    cookieName,
    origin,
    closeSignedIn,
    closeMember,
    ownership,
    clustered: config.cluster,
    signInAttemptsPerMinute: config.signInAttemptsPerMinute,
    catalog,
    membership,
    content,
    translations,
    history,
    desk,
    legalXml,
    comparisons,
    negotiation,
    discussion,
    waiting,
    invitations,
    rounds,
    records,
    sealed,
    privateLayer,
    privateDrafts,
    events,
    maxConnectionsPerMember: config.maxConnectionsPerMember,
    workspace,
    apiTokens,
    audit,
    templates,
    registry,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    clientDir: path.join(projectRoot(), 'dist', 'client'),
    firstText: new FirstText(catalog, editor),
    draftImport,
    isDraining: () => draining,
  })
  server.on('request', app)
  server.on('upgrade', (request, socket, head) => endpoint.handleUpgrade(request, socket, head))

  let closing: Promise<void> | null = null
  const close = async () => {
    draining = true
    endpoint.stopAccepting()
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    endpoint.quiesce()
    const reason = goingAway('the server is shutting down')
    await languageTexts.idle()
    await registry.close(reason)
    await groupCommit.flush()
    await endpoint.close(reason)
    await drafts.close()
    events.endAll(reason.message)
    await compactor.idle()
    await folder.close()
    await recorder.idle()
    // Every document stored and unloaded: the leases go at once, and another instance takes them without waiting for them to lapse.
    await ownership.close()
    await bus.close()
    server.closeIdleConnections()
    await stopped
    // After the requests: an import being read when the drain began is answered.
    await draftReader.close()
  }

  return {
    port,
    url: baseUrl(config, port),
    origin,
    sessions,
    signIn,
    invitations,
    registry,
    collab: endpoint,
    editor,
    groupCommit,
    catalog,
    membership,
    history,
    desk,
    comparisons,
    negotiation,
    translations,
    discussion,
    rounds,
    privateLayer,
    close: () => (closing ??= close()),
  }
}
