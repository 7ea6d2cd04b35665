/**
 * Each delegation's private draft area, read and proposed: the wording a
 * party's members prepare for a clause in their own draft document
 * (`engine/draftRooms.ts`, co-edited live at `/collab/<id>/private`), read
 * for the party's private layer, and — on "propose" — brought into the
 * shared text as that party's bracketed alternative, in one change
 * attributed to the member who proposed it. The party is always the
 * principal's. What is proposed is shared from then on (it is in the text,
 * and the audit trail records the proposal); the draft stays the party's.
 */

import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { privateLayerParty, requireEditing, type Principal } from '../access/principal.js'
import type { DraftRooms } from '../engine/draftRooms.js'
import { clauseElement } from '../mou/contentCodec.js'
import { addAlternative, appendBracketedParagraphs } from '../negotiation/brackets.js'
import { invalid, notFound } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import { draftRootName, draftRootPattern, maxProposalLength, type DraftProposalView, type PrivateDraftView } from '../vocabulary/privateLayer.js'
import type { AuditTrail } from './auditTrail.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'

/** What a proposal did: the bracket it made or joined, and the alternative that is the party's. */
export type Proposal = DraftProposalView

export class PrivateDrafts {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly rooms: Pick<DraftRooms, 'read'>,
    private readonly editor: Pick<DocumentEditor, 'change'>,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** `party`'s drafts of `documentId`, by clause id: each a clause's paragraphs (empty ones left out); the caller has checked the party is the asker's. */
  async drafts(documentId: string, party: string): Promise<PrivateDraftView[]> {
    return this.rooms.read(documentId, party, (doc) => {
      const drafts: PrivateDraftView[] = []
      for (const name of [...doc.share.keys()].filter((key) => draftRootPattern.test(key)).sort()) {
        const paragraphs = paragraphsOf(doc.getXmlFragment(name))
        if (paragraphs.length > 0) drafts.push({ clauseId: name.slice(draftRootName('').length), paragraphs })
      }
      return drafts
    })
  }

  /**
   * Brings the asker's party's draft of `clauseId` into the shared text as
   * the party's bracketed proposal: a new alternative of bracket
   * `bracketId` in that clause (the draft's paragraphs joined in one run),
   * or, with no bracket named, new paragraphs at the end of the clause, all
   * one new bracket of the party's. Refused for an empty draft, a clause
   * not in the text, a locked clause (the gate), a bracket the clause does
   * not hold or in which the party has an alternative already.
   */
  async propose(principal: Principal, documentId: string, clauseId: string, bracketId: string | null): Promise<Proposal> {
    const party = privateLayerParty(principal, documentId)
    requireEditing(principal, documentId)
    await this.catalog.get(principal, documentId)
    const paragraphs = await this.rooms.read(documentId, party, (doc) => (doc.share.has(draftRootName(clauseId)) ? paragraphsOf(doc.getXmlFragment(draftRootName(clauseId))) : []))
    if (paragraphs.length === 0) throw invalid(refusal('refusal.draft.empty', { party, clause: clauseId }))
    const length = paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0)
    if (length > maxProposalLength) throw invalid(refusal('refusal.draft.tooLong', { clause: clauseId, length, max: maxProposalLength }))
    const memberId = principal.kind === 'member' ? principal.member.id : null
    const proposal = await this.editor.change(documentId, memberId, (doc) => {
      const clause = clauseElement(doc, clauseId)
      if (!clause) throw notFound(`document ${documentId} has no clause ${clauseId}`)
      if (bracketId !== null) {
        const text = paragraphs.join(' ')
        return { clauseId, bracketId, alt: addAlternative(doc, clause, bracketId, party, text), party, text }
      }
      const id = `br_${randomBytes(6).toString('hex')}`
      appendBracketedParagraphs(doc, clause, id, party, paragraphs)
      return { clauseId, bracketId: id, alt: 0, party, text: paragraphs.join('\n') }
    })
    await this.audit.record(documentId, principal, { event: 'bracket-proposed', clauseId, details: { bracketId: proposal.bracketId, alt: proposal.alt, party, text: proposal.text } })
    return proposal
  }
}

/**
 * The text of a draft's paragraphs, each as plain text (formatting and
 * anything but text left out); empty paragraphs are dropped. Throws
 * Invalid for anything but paragraphs, which no proposal could carry.
 */
function paragraphsOf(fragment: Y.XmlFragment): string[] {
  const paragraphs: string[] = []
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement) || child.nodeName !== 'paragraph') {
      throw invalid(`a draft holds paragraphs of text alone (found ${child instanceof Y.XmlElement ? `<${child.nodeName}>` : 'loose text'})`)
    }
    let text = ''
    for (const inner of child.toArray()) {
      if (!(inner instanceof Y.XmlText)) throw invalid(`a draft paragraph holds text alone (found <${(inner as Y.XmlElement).nodeName}>)`)
      for (const op of inner.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') text += op.insert
    }
    const trimmed = text.replace(/\s+/g, ' ').trim()
    if (trimmed !== '') paragraphs.push(trimmed)
  }
  return paragraphs
}
