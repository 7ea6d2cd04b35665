/**
 * Rounds' Records of Discussion: once a round is closed, the record of
 * what it did (`export/discussionRecord.ts`) for either party, in the
 * working language or in another authentic language whose texts of the
 * clauses it quotes are confirmed — sealed, recorded and verifiable like
 * signing originals (`SealedExports`). The same round, party and language
 * always give the same bytes: what the record says was fixed when the
 * round closed.
 */

import { requireRecordExport, type Principal } from '../access/principal.js'
import { buildDiscussionRecord, discussedClauseIds } from '../export/discussionRecord.js'
import { packDocx, type ExportedFile } from '../export/docxPackage.js'
import { languageText } from '../vocabulary/documentRoots.js'
import { conflict } from '../vocabulary/errors.js'
import { roundState } from '../vocabulary/round.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { Rounds } from './rounds.js'
import type { SealedExports } from './sealedExports.js'
import { statusesOfTexts, type TranslationDesk } from './translationDesk.js'
import type { VersionHistory } from './versionHistory.js'
import { requireCounterpart } from '../vocabulary/document.js'

/** The principal the record is read as: a joint record says the same whoever asks for it. */
const wholeRecord: Principal = { kind: 'admin' }

export class DiscussionRecords {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly rounds: Pick<Rounds, 'get' | 'list' | 'changes'>,
    private readonly history: Pick<VersionHistory, 'revisionSummary' | 'revisionContents'>,
    private readonly translations: Pick<TranslationDesk, 'confirmations'>,
    private readonly sealed: SealedExports,
  ) {}

  /**
   * The sealed Record of Discussion of round `number` for party
   * `counterpart`, in `lang` (null: the working language). Refused while
   * the round is not closed, and in another language while a clause the
   * record quotes is not confirmed in it.
   */
  async export(principal: Principal, documentId: string, number: number, counterpart: string, lang: string | null): Promise<ExportedFile> {
    requireRecordExport(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    requireCounterpart(document, counterpart)
    const text = languageText(document, lang)
    const round = await this.rounds.get(principal, documentId, number)
    if (round.closedRevision === null) throw conflict(`round ${number} is ${roundState(round)}: its Record of Discussion is written once it is closed`)
    const seq = round.closedRevision
    const [revision, rounds, changes, contents] = await Promise.all([
      this.history.revisionSummary(documentId, seq),
      this.rounds.list(wholeRecord, documentId),
      this.rounds.changes(wholeRecord, documentId, round),
      this.history.revisionContents(documentId, seq, [...new Set([languageText(document, null).fragment, text.fragment])]),
    ])
    const working = contents[0]!
    const quoted = contents.at(-1)!
    const facts = { document, round, revision, lang: text.lang, text: quoted, working, changes: changes ?? [], counterpart, next: nextMeeting(rounds, round) }
    if (text.lang !== document.languages.working) {
      const discussed = new Set(discussedClauseIds(facts))
      const confirmations = await this.translations.confirmations(documentId)
      const unconfirmed = statusesOfTexts(working, [quoted], [text.lang], confirmations).filter((entry) => discussed.has(entry.clauseId) && entry.status !== 'confirmed')
      if (unconfirmed.length > 0) {
        throw conflict(`the record of round ${number} quotes clauses whose ${text.lang} text is not confirmed at revision ${seq}: ${unconfirmed.map((entry) => `${entry.clauseId} (${entry.status})`).join(', ')}`)
      }
    }
    const packed = packDocx(buildDiscussionRecord(facts), round.closedAt!)
    const { bytes, sha256 } = await this.sealed.issue(
      principal,
      packed,
      { documentId, revision: seq, contentHash: revision.contentHash, counterpart, languages: text.lang, round: number },
      { event: 'record-exported', details: { round: number, revision: seq, counterpart, lang: text.lang } },
    )
    return { bytes, sha256, filename: `record-${documentId.slice(0, 8)}-round${number}-${counterpart}-${text.lang}.docx` }
  }
}

/** The meeting after `round` as it was planned when `round` closed, or null. */
function nextMeeting<R extends { number: number; createdAt: Date }>(rounds: readonly R[], round: { number: number; closedAt: Date | null }): R | null {
  return rounds.find((candidate) => candidate.number === round.number + 1 && round.closedAt !== null && candidate.createdAt <= round.closedAt) ?? null
}
