/**
 * Each delegation's private layer: a party's members read and write their
 * party's notes on clauses, and nobody else reaches them. The party is the
 * principal's, never the request's; nothing here is audited in the shared
 * trail or told to the pages' shared event streams (that a party keeps a
 * note on a clause is already something the other side must not learn).
 * The party's private threads are written through the comments API
 * (`Discussion`, which keeps them in their own store) and read here with
 * the notes, and its drafts (`PrivateDrafts`) with them.
 */

import { privateLayerParty, type Principal } from '../access/principal.js'
import { invalid, notFound } from '../vocabulary/errors.js'
import { maxPrivateNoteLength, type PrivateLayerView, type PrivateNoteRecord, type PrivateNoteView } from '../vocabulary/privateLayer.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { PrivateNoteStore } from '../storage/privateNoteStore.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { Discussion } from './discussion.js'
import type { DocumentEditor } from './documentEditor.js'
import { clauseElement } from '../mou/contentCodec.js'
import type { PrivateDrafts } from './privateDrafts.js'

export class PrivateLayer {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly notes: PrivateNoteStore,
    private readonly discussion: Pick<Discussion, 'listPrivate'>,
    private readonly members: Pick<MemberStore, 'list'>,
    private readonly editor: Pick<DocumentEditor, 'read'>,
    private readonly drafts: Pick<PrivateDrafts, 'drafts'>,
  ) {}

  /** The asker's party's private layer: its notes, its private threads and its drafts. */
  async read(principal: Principal, documentId: string): Promise<PrivateLayerView> {
    const party = privateLayerParty(principal, documentId)
    await this.catalog.get(principal, documentId)
    const [notes, names, threads, drafts] = await Promise.all([
      this.notes.list(documentId, party),
      this.names(documentId),
      this.discussion.listPrivate(principal, documentId),
      this.drafts.drafts(documentId, party),
    ])
    return { party, notes: notes.map((note) => noteView(note, names)), threads, drafts }
  }

  /** Writes the asker's party's note on `clauseId`; an empty text removes it (null). */
  async setNote(principal: Principal, documentId: string, clauseId: string, text: string): Promise<PrivateNoteView | null> {
    const party = privateLayerParty(principal, documentId)
    await this.catalog.get(principal, documentId)
    if (text.length > maxPrivateNoteLength) throw invalid(`field "text" must be at most ${maxPrivateNoteLength} characters (got ${text.length})`)
    if (text.includes('\u0000')) throw invalid('field "text" must not contain a NUL character')
    const exists = await this.editor.read(documentId, (doc) => clauseElement(doc, clauseId) !== null)
    if (!exists) throw notFound(`document ${documentId} has no clause ${clauseId}`)
    if (text.trim() === '') {
      await this.notes.remove(documentId, party, clauseId)
      return null
    }
    const memberId = principal.kind === 'member' ? principal.member.id : ''
    const note = await this.notes.set({ documentId, party, clauseId, text, updatedBy: memberId })
    return noteView(note, await this.names(documentId))
  }

  private async names(documentId: string): Promise<Map<string, string>> {
    return new Map((await this.members.list(documentId)).map((member) => [member.id, member.name]))
  }
}

function noteView(note: PrivateNoteRecord, names: ReadonlyMap<string, string>): PrivateNoteView {
  return { clauseId: note.clauseId, text: note.text, updatedBy: { memberId: note.updatedBy, name: names.get(note.updatedBy) ?? 'unknown member' }, updatedAt: note.updatedAt.toISOString() }
}
