/**
 * The negotiated text as legal XML for other systems: a revision, or the
 * live text, as Akoma Ntoso 3.0 (`export/akomaNtoso.ts`) — each authentic
 * language an expression of its own, one file for one language or a
 * reproducible zip of them all. Any member of the document and the
 * administrator may take it: it is the text as compare shows it, with the
 * negotiation's state, not a sealed original.
 */

import type { Principal } from '../access/principal.js'
import { akomaNtosoExpression, aknType, type AkomaNtosoFacts } from '../export/akomaNtoso.js'
import { sha256Hex } from '../export/seal.js'
import { writeZip } from '../export/zipArchive.js'
import { readContents } from '../mou/contentCodec.js'
import { contentHash } from '../revisions/revisionHash.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { languageText } from '../vocabulary/documentRoots.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { StateRef } from '../vocabulary/revision.js'
import type { RoundRecord } from '../vocabulary/round.js'
import { unsetSigning } from '../vocabulary/signing.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'
import type { Rounds } from './rounds.js'
import type { VersionHistory } from './versionHistory.js'

/** A file as the API sends it: its bytes, their SHA-256 (hex), the name to save it as and its type. */
export interface LegalXmlFile {
  bytes: Uint8Array
  sha256: string
  filename: string
  type: string
}

/** What legal XML is made from. */
export interface LegalXmlParts {
  catalog: Pick<DocumentCatalog, 'get'>
  history: Pick<VersionHistory, 'revisionSummary' | 'revisionContents'>
  editor: Pick<DocumentEditor, 'read'>
  rounds: Pick<Rounds, 'list'>
  documents: Pick<DocumentStore, 'signing'>
}

const encoder = new TextEncoder()

export class LegalXml {
  constructor(private readonly parts: LegalXmlParts) {}

  /**
   * State `ref` of document `documentId` as Akoma Ntoso: the expression in
   * `lang` as one XML file, or (`lang` null) every authentic language's in
   * a zip, one entry each. Throws NotFound for a revision or a language the
   * document does not have. The same revision, settings and rounds always
   * give the same bytes.
   */
  async akomaNtoso(principal: Principal, documentId: string, ref: StateRef, lang: string | null): Promise<LegalXmlFile> {
    const { catalog, documents, rounds } = this.parts
    const document = await catalog.get(principal, documentId)
    if (lang !== null) languageText(document, lang)
    const [read, settings, allRounds] = await Promise.all([this.texts(document, ref), documents.signing(documentId), rounds.list(principal, documentId)])
    const facts: AkomaNtosoFacts = { document, state: read.state, texts: read.texts, settings: settings ?? unsetSigning, rounds: roundsAsOf(allRounds, ref) }
    const state = ref === 'live' ? 'live' : `r${ref}`
    const name = (language: string) => `akn-${documentId.slice(0, 8)}-${state}-${language}.xml`
    if (lang !== null) {
      const bytes = encoder.encode(akomaNtosoExpression(facts, lang))
      return { bytes, sha256: sha256Hex(bytes), filename: name(lang), type: aknType }
    }
    const bytes = writeZip(Object.fromEntries(read.texts.map((text) => [name(text.lang), encoder.encode(akomaNtosoExpression(facts, text.lang))])))
    return { bytes, sha256: sha256Hex(bytes), filename: `akn-${documentId.slice(0, 8)}-${state}.zip`, type: 'application/zip' }
  }

  /** Every authentic text of state `ref`, the working language's first, and the state's hash and date (now, for the live text). */
  private async texts(document: DocumentRecord, ref: StateRef): Promise<Pick<AkomaNtosoFacts, 'state' | 'texts'>> {
    const languages = [document.languages.working, ...document.languages.others]
    const fragments = languages.map((lang) => languageText(document, lang).fragment)
    if (ref === 'live') {
      const contents = await this.parts.editor.read(document.id, (doc) => readContents(doc, fragments))
      return { state: { ref, contentHash: contentHash(contents[0]!), date: new Date() }, texts: languages.map((lang, index) => ({ lang, content: contents[index]! })) }
    }
    const revision = await this.parts.history.revisionSummary(document.id, ref)
    const contents = await this.parts.history.revisionContents(document.id, ref, fragments)
    return { state: { ref, contentHash: revision.contentHash, date: revision.createdAt }, texts: languages.map((lang, index) => ({ lang, content: contents[index]! })) }
  }
}

/** The rounds as they stood at `ref`: those opened by then, closed only when their closing revision is part of it. */
function roundsAsOf(rounds: readonly RoundRecord[], ref: StateRef): RoundRecord[] {
  if (ref === 'live') return rounds.filter((round) => round.openedRevision !== null)
  return rounds
    .filter((round) => round.openedRevision !== null && round.openedRevision <= ref)
    .map((round) => (round.closedRevision !== null && round.closedRevision > ref ? { ...round, closedAt: null, closedRevision: null } : round))
}
