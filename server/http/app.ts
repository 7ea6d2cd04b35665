/**
 * The express application: request logging, security headers, health, the
 * browser client, the JSON API, and the one error-mapping middleware.
 */

import express from 'express'
import type { Membership } from '../services/membership.js'
import type { DocumentContent } from '../services/documentContent.js'
import type { Discussion } from '../services/discussion.js'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import type { NegotiationDesk } from '../services/negotiationDesk.js'
import type { SigningDesk } from '../services/signingDesk.js'
import type { LegalXml } from '../services/legalXml.js'
import type { VersionHistory } from '../services/versionHistory.js'
import type { DocumentCatalog } from '../services/documentCatalog.js'
import { CounterpartError, invalid, notFound } from '../vocabulary/errors.js'
import { signingCopyLimits } from '../export/seal.js'
import type { Logger } from '../logger.js'
import type { AuditTrail } from '../services/auditTrail.js'
import type { Database } from '../storage/database.js'
import type { TemplateLibrary } from '../templates/templateLibrary.js'
import { pagePrincipal, requireToken } from './authentication.js'
import { authRouter, type AuthRouterOptions } from './authRouter.js'
import { meRouter } from './meRouter.js'
import { passkeysRouter } from './passkeysRouter.js'
import { apiTokensRouter } from './apiTokensRouter.js'
import type { ApiTokens } from '../services/apiTokens.js'
import { checkNesting } from './bodyFields.js'
import { commentsRouter } from './commentsRouter.js'
import { contentRouter } from './contentRouter.js'
import { documentsRouter } from './documentsRouter.js'
import { errorResponse } from './errorResponse.js'
import { exportsRouter, sealRouter } from './exportsRouter.js'
import { healthRouter } from './healthRouter.js'
import { membersRouter, type CloseMember } from './membersRouter.js'
import { negotiationRouter } from './negotiationRouter.js'
import { clientApp } from './clientApp.js'
import { documentSessionRouter, sessionRouter } from './sessionRouter.js'
import { revisionsRouter } from './revisionsRouter.js'
import { securityHeaders } from './securityHeaders.js'
import { templatesRouter } from './templatesRouter.js'
import type { ComparisonDesk } from '../services/comparisonDesk.js'
import { compareRouter } from './compareRouter.js'
import type { TranslationDesk } from '../services/translationDesk.js'
import { translationsRouter } from './translationsRouter.js'
import { waitingRouter } from './waitingRouter.js'
import { eventsRouter } from './eventsRouter.js'
import type { DocumentEvents } from '../services/documentEvents.js'
import { acceptInvitationRouter, invitationLinkRouter, invitationsRouter } from './invitationsRouter.js'
import type { Invitations } from '../services/invitations.js'
import { roundsRouter } from './roundsRouter.js'
import { privateRouter } from './privateRouter.js'
import type { PrivateLayer } from '../services/privateLayer.js'
import type { PrivateDrafts } from '../services/privateDrafts.js'
import type { DiscussionRecords } from '../services/discussionRecords.js'
import type { SealedExports } from '../services/sealedExports.js'
import type { Rounds } from '../services/rounds.js'
import type { Workspace } from '../services/workspace.js'
import type { FirstText } from '../services/firstText.js'
import type { WaitingList } from '../services/waitingList.js'
import type { DraftImport } from '../services/draftImport.js'
import { importRouter } from './importRouter.js'
import { wordLimits } from '../import/wordPackage.js'

/** What the app serves: the passkey ceremonies and browser sessions (`AuthRouterOptions`), and the rest. */
import { ownerForwarding } from './ownerForwarding.js'
import type { DocumentOwnership } from '../engine/documentOwnership.js'

export interface HttpServices extends AuthRouterOptions {
  database: Pick<Database, 'query'>
  catalog: DocumentCatalog
  membership: Membership
  content: DocumentContent
  translations: TranslationDesk
  history: VersionHistory
  desk: SigningDesk
  /** The text as Akoma Ntoso. */
  legalXml: LegalXml
  comparisons: ComparisonDesk
  negotiation: NegotiationDesk
  discussion: Discussion
  waiting: WaitingList
  invitations: Invitations
  rounds: Rounds
  records: DiscussionRecords
  sealed: SealedExports
  privateLayer: PrivateLayer
  privateDrafts: PrivateDrafts
  /** What changed outside the text, for the pages' event streams. */
  events: DocumentEvents
  /** How many collaboration sockets, and event streams, one member may hold on one document. */
  maxConnectionsPerMember: number
  workspace: Workspace
  apiTokens: ApiTokens
  audit: AuditTrail
  templates: TemplateLibrary
  registry: DocumentRegistry
  /** Closes every socket of a member, shared document and drafts alike. */
  closeMember: CloseMember
  logger: Logger
  maxBodyBytes: number
  isDraining: () => boolean
  /** The built browser client. */
  clientDir: string
  /** The text a member's page carries before its script runs. */
  firstText: FirstText
  /** Word drafts imported. */
  draftImport: DraftImport
  /** The documents this instance owns (`/healthz` reports them). */
  ownership: Pick<DocumentOwnership, 'instanceId' | 'owned' | 'claim' | 'release'>
  /** Several instances: a request about a document is served by its owner (this instance claims it if nobody does; forwarded otherwise). */
  clustered: boolean
}

/** How deep a JSON body may nest; the deepest the API reads is a template variable such as `{"variables": {"duration": {"years": 3}}}`. */
const maxBodyDepth = 32

export function createHttpApp(services: HttpServices): express.Express {
  const { logger } = services
  const app = express()
  app.disable('x-powered-by')

  app.use((request, response, next) => {
    const started = performance.now()
    response.on('finish', () => {
      // The path only: query strings may carry tokens.
      logger.info('http.request', {
        method: request.method,
        path: request.path,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      })
    })
    next()
  })
  app.use(securityHeaders())

  app.use(healthRouter(services.database, services.isDraining, services.ownership))
  if (services.clustered) {
    // A document's requests, and its page (drawn with the text it opens), are served where the live document is.
    const forwarding = ownerForwarding({ ownership: services.ownership, logger })
    app.use('/api/documents/:documentId', forwarding)
    app.get('/d/:documentId', forwarding)
  }
  app.use(
    clientApp({
      directory: services.clientDir,
      invitations: services.invitations,
      firstText: async (request, documentId) => {
        const principal = await pagePrincipal(request, documentId, services.authenticator, services)
        if (principal === null) return null
        try {
          return await services.firstText.of(principal, documentId)
        } catch (error) {
          // The page comes without it; its script meets the same error from the API, and says it.
          if (!(error instanceof CounterpartError)) logger.warn('page.firstTextFailed', { documentId, error })
          return null
        }
      },
    }),
  )

  // Anyone may check a signing copy; no bigger than a signing copy can be.
  app.use('/api', sealRouter(services.sealed, signingCopyLimits.maxFileBytes))

  const api = express.Router()
  // Ids are PostgreSQL text, which cannot hold NUL: refuse it here rather than fail in the database.
  api.use((request, _response, next) => {
    if (/%00/.test(request.path)) throw invalid(`the path must not contain an encoded NUL (%00) (got ${JSON.stringify(request.path.slice(0, 200))})`)
    next()
  })
  api.use(express.json({ limit: services.maxBodyBytes }))
  api.use((request, _response, next) => {
    checkNesting(request.body, maxBodyDepth)
    next()
  })
  api.use('/auth', authRouter(services))
  // An invitation link says what it invites to, to anyone holding it.
  api.use('/invitations', invitationLinkRouter(services.invitations))
  api.use(requireToken(services.authenticator, services))
  api.use('/me/invitations', acceptInvitationRouter(services.invitations))
  api.use('/me/tokens', apiTokensRouter(services.apiTokens))
  api.use('/me/passkeys', passkeysRouter(services.signIn))
  api.use('/me', meRouter(services.sessions, services))
  api.use('/session', sessionRouter(services.catalog))
  api.use('/documents/:documentId/session', documentSessionRouter(services.catalog))
  api.use('/documents', documentsRouter(services.catalog, services.workspace))
  api.use('/documents/:documentId/members', membersRouter(services.membership, services.closeMember, services.events))
  api.use('/documents/:documentId/events', eventsRouter(services.catalog, services.events, { maxStreamsPerMember: services.maxConnectionsPerMember, heartbeatMs: 25_000, isDraining: services.isDraining }))
  api.use('/documents/:documentId/invitations', invitationsRouter(services.invitations))
  api.use('/documents/:documentId/rounds', roundsRouter(services.rounds, services.records))
  api.use('/documents/:documentId', privateRouter(services.privateLayer, services.privateDrafts))
  api.use('/documents/:documentId', contentRouter(services.content))
  api.use('/documents/:documentId', translationsRouter(services.translations))
  api.use('/documents/:documentId', revisionsRouter(services.history))
  api.use('/documents/:documentId', compareRouter(services.comparisons))
  api.use('/documents/:documentId', exportsRouter(services.desk, services.legalXml))
  api.use('/documents/:documentId', importRouter(services.draftImport, wordLimits.maxFileBytes))
  api.use('/documents/:documentId', negotiationRouter(services.negotiation, services.audit))
  api.use('/documents/:documentId/comments', commentsRouter(services.discussion))
  api.use('/documents/:documentId/waiting', waitingRouter(services.waiting))
  api.use('/templates', templatesRouter(services.templates))
  // The same library from a document's page, whose session is that document's.
  api.use('/documents/:documentId/templates', templatesRouter(services.templates))
  app.use('/api', api)
  app.use('/api', (request) => {
    throw notFound(`there is no ${request.method} /api${request.path}`)
  })
  // Here rather than express's own 404 page, whose policy would replace ours.
  app.use((request) => {
    throw notFound(`there is no ${request.method} ${request.path}`)
  })
  app.use(errorResponse(logger))
  return app
}
