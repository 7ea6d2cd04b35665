/**
 * What waits on a member, per negotiation: derived from the live document,
 * the comment threads and the translation confirmations each time it is
 * asked (see `negotiation/waitingItems.ts`), less what the member
 * dismissed. Only members of a party have anything waiting on them.
 */

import { requireDocumentAccess, type Principal } from '../access/principal.js'
import { invalid } from '../vocabulary/errors.js'
import { isCurrent, readResolutionRequests, type ResolutionRequest } from '../vocabulary/bracketRequest.js'
import { bracketsOf, type Bracket } from '../vocabulary/brackets.js'
import { numberDocument } from '../vocabulary/numbering.js'
import { maxWaitingKeyLength, type WaitingItem } from '../vocabulary/waiting.js'
import { readContent } from '../mou/contentCodec.js'
import { waitingFor } from '../negotiation/waitingItems.js'
import type { WaitingStore } from '../storage/waitingStore.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'
import type { Discussion } from './discussion.js'
import { statusesOf, type TranslationDesk } from './translationDesk.js'

export class WaitingList {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: Pick<DocumentEditor, 'read'>,
    private readonly discussion: Pick<Discussion, 'list'>,
    private readonly translations: Pick<TranslationDesk, 'confirmations'>,
    private readonly store: WaitingStore,
  ) {}

  /** What waits on `principal` in document `documentId`, oldest first; nothing for the administrator or a member of no party. */
  async list(principal: Principal, documentId: string): Promise<WaitingItem[]> {
    requireDocumentAccess(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    if (principal.kind !== 'member' || principal.member.party === null) return []
    const { member } = principal
    const party = document.parties.find((candidate) => candidate.code === member.party)
    const lang = party?.language && document.languages.others.includes(party.language) ? party.language : null
    const [confirmations, threads, dismissed] = await Promise.all([
      lang === null ? Promise.resolve([]) : this.translations.confirmations(documentId),
      this.discussion.list(principal, documentId),
      this.store.dismissed(member.id),
    ])
    const items = await this.editor.read(documentId, (doc) => {
      const content = readContent(doc)
      // Each bracket with the clause holding it; requests that no longer match their bracket are void.
      const brackets = new Map<string, { bracket: Bracket; clauseId: string | null }>()
      content.forEach((child) => {
        const clauseId = child.type.name === 'clause' ? (child.attrs.id as string | null) : null
        for (const bracket of bracketsOf(child)) brackets.set(bracket.id, { bracket, clauseId })
      })
      const requests: { request: ResolutionRequest; clauseId: string | null }[] = []
      for (const [bracketId, request] of readResolutionRequests(doc)) {
        const held = brackets.get(bracketId)
        if (held && isCurrent(request, held.bracket)) requests.push({ request, clauseId: held.clauseId })
      }
      const translations =
        lang === null
          ? []
          : statusesOf(doc, [lang], confirmations).map(({ clauseId, status, confirmation }) => ({ clauseId, lang, status, confirmedAt: confirmation?.confirmedAt.toISOString() ?? null }))
      return waitingFor({ id: member.id, party: member.party! }, { content, numbering: numberDocument(content, document.style), requests, translations, threads })
    })
    return items.filter((item) => !dismissed.has(item.key))
  }

  /** Dismisses item `key` for `principal` (a member of the document); dismissing again changes nothing. */
  async dismiss(principal: Principal, documentId: string, key: string): Promise<void> {
    requireDocumentAccess(principal, documentId)
    await this.catalog.get(principal, documentId)
    if (principal.kind !== 'member') throw invalid('only a member of the negotiation has anything waiting on them to dismiss')
    if (key.length === 0 || key.length > maxWaitingKeyLength) throw invalid(`an item key is 1 to ${maxWaitingKeyLength} characters (got ${key.length})`)
    await this.store.dismiss(principal.member.id, documentId, key)
  }
}
