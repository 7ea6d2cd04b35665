/**
 * The roots of a Counterpart Yjs document: the content, which stock
 * y-prosemirror clients edit, and the negotiation records only the server
 * writes.
 */

import type * as Y from 'yjs'

/** The root type holding the content (y-prosemirror's default name). */
export const contentFragmentName = 'prosemirror'

/**
 * The root map in which the server keeps negotiation records every client
 * sees live (pending bracket resolutions). Only the server writes it.
 */
export const negotiationMapName = 'negotiation'

/** Defines the roots of a Counterpart document, so that each keeps its kind whatever arrives first. */
export function defineRoots(doc: Y.Doc): void {
  doc.getXmlFragment(contentFragmentName)
  doc.getMap(negotiationMapName)
}
