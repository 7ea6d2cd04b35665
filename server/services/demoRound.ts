/**
 * A first round of negotiation on the demo document, so that a newcomer
 * sees the workflow at work: two paragraphs agreed by both delegations, one
 * agreed ad referendum by the CNP, one under negotiation with the DSI's
 * wording and the CNP's alternative in brackets, and a comment on them.
 */

import * as Y from 'yjs'
import type { Principal } from '../access/principal.js'
import type { DemoNegotiation } from './demoNegotiation.js'
import { clauseElements as clausesOf, clauseTexts } from '../mou/contentCodec.js'
import type { Discussion } from './discussion.js'
import type { DocumentEditor } from './documentEditor.js'
import type { NegotiationDesk } from './negotiationDesk.js'
import { contentFragmentName } from '../vocabulary/documentRoots.js'

/** What staging the demo's negotiation needs of the server. */
export interface NegotiationServices {
  editor: Pick<DocumentEditor, 'read' | 'change'>
  negotiation: Pick<NegotiationDesk, 'act'>
  discussion: Pick<Discussion, 'open'>
}

/** Moves the demo through a first round: agreements, a bracket with two alternatives, a comment. */
export async function stageDemoRound({ editor, negotiation, discussion }: NegotiationServices, demo: DemoNegotiation): Promise<void> {
  const documentId = demo.document.id
  const clauseElements = (doc: Y.Doc) => clausesOf(doc.getXmlFragment(contentFragmentName))
  const as = (party: string) => ({ kind: 'member', member: demo.members.find(({ member }) => member.party === party && member.role === 'delegate')!.member }) as const
  const [thai, khmer] = [as('TH'), as('KH')]
  const clauseIds = await editor.read(documentId, (doc) => clauseElements(doc).map((clause) => String(clause.getAttribute('id'))))
  const set = (who: Principal, clauseId: string, target: 'under-negotiation' | 'agreed-ad-referendum' | 'agreed', initials: string | null = null) =>
    negotiation.act(who, documentId, clauseId, { kind: 'set', target, initials })
  for (const clauseId of clauseIds.slice(0, 2)) {
    await set(thai, clauseId, 'under-negotiation')
    await set(khmer, clauseId, 'agreed-ad-referendum', 'CNP')
    await set(thai, clauseId, 'agreed', 'DSI')
  }
  await set(khmer, clauseIds[2]!, 'under-negotiation')
  await set(khmer, clauseIds[2]!, 'agreed-ad-referendum', 'CNP')
  const debated = clauseIds[3]!
  await set(thai, debated, 'under-negotiation')

  // The first "will" of the debated paragraph: the DSI's wording, and the CNP's alternative.
  const textsIn = (doc: Y.Doc) => clauseTexts(clauseElements(doc).find((clause) => clause.getAttribute('id') === debated)!)
  const found = await editor.read(documentId, (doc) => {
    const texts = textsIn(doc).map((text) => text.toString().search(/\bwill\b/))
    const index = texts.findIndex((at) => at >= 0)
    return index < 0 ? null : { index, at: texts[index]! }
  })
  if (!found) return
  const textIn = (doc: Y.Doc) => textsIn(doc)[found.index]!
  await editor.change(documentId, thai.member.id, (doc) => textIn(doc).format(found.at, 4, { bracket: { id: 'demo-will', owner: 'TH', alt: 0 } }))
  await editor.change(documentId, khmer.member.id, (doc) =>
    textIn(doc).insert(found.at + 4, 'shall', { bracket: { id: 'demo-will', owner: 'KH', alt: 1 } }),
  )
  const anchors = await editor.read(documentId, (doc) => {
    const text = textIn(doc)
    return { from: Y.createRelativePositionFromTypeIndex(text, found.at), to: Y.createRelativePositionFromTypeIndex(text, found.at + 9, -1) }
  })
  await discussion.open(khmer, documentId, { ...anchors, body: 'The CNP would prefer firmer wording here. To be settled at the next round.' })
}
