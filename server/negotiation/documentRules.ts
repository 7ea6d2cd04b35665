/**
 * The rules the gate holds every change of a Counterpart document to, as
 * one function for the engine: first the shape of the document (the
 * schema, the server's own roots), then the negotiation (locks, status,
 * brackets, clause identity).
 */

import type { Schema } from 'prosemirror-model'
import type { GateRules } from '../engine/updateGate.js'
import { checkSchemaIntegrity } from '../mou/schemaIntegrity.js'
import { negotiationMapName } from '../vocabulary/documentRoots.js'
import { checkNegotiationRules } from './negotiationRules.js'

export function documentRules(schema: Schema): GateRules {
  return (change, { sender, parties, pendingLocks, contentRoots }) =>
    checkSchemaIntegrity(change, { schema, contentRoots, serverRoots: [negotiationMapName], byServer: sender === null }) ??
    checkNegotiationRules(change, { schema, sender, parties, pendingLocks, contentRoots })
}
