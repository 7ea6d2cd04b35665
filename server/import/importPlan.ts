/**
 * What importing a draft into a document would write, worked out before
 * anything changes, so that the preview and the applied import are the
 * same mapping: the draft's text in the document's working language (or
 * its first text) as the working text, each other text into the document's
 * text in its language when the document has one with the same clauses;
 * the clauses matched to the document's own (by heading, then by place
 * between matched ones), so a document that has a text gets a new version
 * of it, compared clause by clause; the clauses agreed now kept as they are
 * (agreed text is locked); and the report, counted.
 */

import type { Node } from 'prosemirror-model'
import { isLocked } from '../vocabulary/clauseState.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { ImportReport, PreviewText, UnmappedItem } from '../vocabulary/draftImport.js'
import { invalid } from '../vocabulary/errors.js'
import { isNegotiatedNode, negotiatedParts } from '../vocabulary/schema.js'
import { writeDraftText, type WrittenText } from './draftContent.js'
import { previewOf } from './draftPreview.js'
import { referParties } from './draftParties.js'
import { blockText, type DraftClause, type ImportedDraft } from './importedDraft.js'

/** Where a draft goes, and what it is written with. */
export interface ImportTarget {
  document: Pick<DocumentRecord, 'style' | 'parties' | 'languages'>
  /** The document's working text as it stands. */
  current: Node
  /** The party whose brackets the draft's tracked changes become, or null when it keeps none. */
  bracketOwner: string | null
  newClauseId: () => string
  newBracketId: () => string
}

/** An import worked out. */
export interface ImportPlan {
  /** The working text to write. */
  working: WrittenText
  /** The texts to write in the document's other languages. */
  translations: WrittenText[]
  preview: PreviewText[]
  report: ImportReport
  /** The ids of the clauses and parts kept as they are, because they are agreed now. */
  keptLocked: string[]
}

/** Whether `draft` keeps tracked changes on any of its words (its changes are to become brackets). */
export function keepsTrackedChanges(draft: ImportedDraft): boolean {
  return draft.texts.some((text) => [text.title, ...text.recitals, ...(text.closingFormula ? [text.closingFormula] : []), ...text.finalProvisions, ...text.clauses.flatMap(clauseBlocks)].some((block) => block.inlines.some((inline) => inline.change !== null)))
}

const clauseBlocks = (clause: DraftClause) => [clause.heading, ...clause.body.flatMap((entry) => (entry.kind === 'numbered' ? [entry.block, ...entry.subs] : [entry.block]))]

/**
 * Works out the import of `original` into `target`, the parties named in
 * its words made references (in a copy: the draft is left as it is).
 * Throws an `invalid` CounterpartError when the draft has no text at all.
 */
export function planImport(original: ImportedDraft, target: ImportTarget): ImportPlan {
  const { document } = target
  // Planned on a copy: naming the parties changes the texts' blocks, and a draft may be planned twice (checked, then written).
  const draft = { ...original, texts: structuredClone(original.texts) }
  const primary = (lang: string) => lang.split('-', 1)[0]!.toLowerCase()
  const workingDraft = draft.texts.find((text) => primary(text.lang) === primary(document.languages.working)) ?? draft.texts[0]
  if (workingDraft === undefined) throw invalid('the file holds no text to import: no paragraph of it has words')
  const notes = [...draft.notes]
  const unmapped: UnmappedItem[] = [...draft.unmapped]
  if (primary(workingDraft.lang) !== primary(document.languages.working)) {
    notes.push(`The file has no text in the working language (${document.languages.working}): its ${workingDraft.lang} text becomes the working text.`)
  }
  const partyReferences = draft.texts.reduce((sum, text) => sum + referParties(text, document.parties), 0)
  const clauseIds = matchClauses(target.current, workingDraft.clauses, target.newClauseId)
  const options = (ids: readonly string[]) => ({ clauseIds: ids, bracketOwner: target.bracketOwner, newBracketId: target.newBracketId })
  const working = writeDraftText(workingDraft, options(clauseIds))
  const preview: PreviewText[] = [previewOf(working, 'working', document)]
  const translations: WrittenText[] = []
  for (const text of draft.texts) {
    if (text === workingDraft) continue
    const lang = document.languages.others.find((other) => primary(other) === primary(text.lang))
    const fits = lang !== undefined && text.clauses.length === workingDraft.clauses.length
    const written = writeDraftText(text, options(fits ? clauseIds : text.clauses.map(() => target.newClauseId())))
    if (fits) {
      translations.push({ ...written, lang })
      preview.push(previewOf({ ...written, lang }, 'translation', document))
      continue
    }
    preview.push(previewOf(written, 'none', document))
    const why =
      lang === undefined
        ? `the document has no text in ${text.lang} (its languages: ${[document.languages.working, ...document.languages.others].join(', ')})`
        : `it has ${text.clauses.length} clauses where the working text has ${workingDraft.clauses.length}`
    unmapped.push({ kind: 'language-text', where: `the ${text.lang} text`, text: `${blockText(text.title)}\n${text.clauses.map((clause) => blockText(clause.heading)).join('\n')}`.slice(0, 2_000), note: `not imported: ${why}` })
  }

  const keptLocked = lockedParts(target.current)
  const lockedMatched = keptLocked.filter((id) => clauseIds.includes(id) || Object.values(negotiatedParts).includes(id as never))
  if (keptLocked.length > 0) {
    notes.push(`${keptLocked.length} part${keptLocked.length === 1 ? ' is' : 's are'} agreed and kept as ${keptLocked.length === 1 ? 'it is' : 'they are'} (agreed text is locked)${lockedMatched.length > 0 ? `; the file's text for ${lockedMatched.join(', ')} is not applied` : ''}.`)
  }
  const written = [working, ...translations]
  const anchored = new Set(written.flatMap((text) => text.comments.map((place) => place.comment)))
  const report: ImportReport = {
    format: draft.format,
    changes: draft.changes,
    bracketOwner: working.brackets + translations.reduce((sum, text) => sum + text.brackets, 0) > 0 ? target.bracketOwner : null,
    paragraphs: draft.paragraphs,
    unmapped,
    authors: draft.authors,
    notes,
    counts: {
      paragraphs: draft.paragraphs.length,
      clauses: workingDraft.clauses.length,
      numberedParagraphs: workingDraft.clauses.reduce((sum, clause) => sum + clause.body.filter((entry) => entry.kind === 'numbered').length, 0),
      subParagraphs: workingDraft.clauses.reduce((sum, clause) => sum + clause.body.reduce((subs, entry) => subs + (entry.kind === 'numbered' ? entry.subs.length : entry.kind === 'sub' ? 1 : 0), 0), 0),
      references: written.reduce((sum, text) => sum + text.references, 0),
      partyReferences,
      brackets: written.reduce((sum, text) => sum + text.brackets, 0),
      comments: draft.comments.filter((comment) => anchored.has(comment.id) || (comment.replyTo !== null && anchored.has(comment.replyTo))).length,
      unmapped: unmapped.length,
    },
  }
  return { working, translations, preview, report, keptLocked }
}

/** The ids of the clauses and parts of `content` agreed now (locked). */
function lockedParts(content: Node): string[] {
  const locked: string[] = []
  content.forEach((child) => {
    if (isNegotiatedNode(child.type.name) && isLocked(child.attrs.status)) locked.push(String(child.attrs.id))
  })
  return locked
}

/**
 * An id for each of the draft's clauses: the id the file names for it (a
 * Counterpart export), else the id of the document's clause with the same
 * heading, else of the document's clause in the same place between two
 * matched ones, else a new one. A named id the document no longer has is
 * kept (the clause comes back as it was), unless another clause took it.
 */
function matchClauses(current: Node, clauses: readonly DraftClause[], newClauseId: () => string): string[] {
  const existing: { id: string; heading: string }[] = []
  current.forEach((child) => {
    if (child.type.name === 'clause' && typeof child.attrs.id === 'string') existing.push({ id: child.attrs.id, heading: normalized(child.firstChild?.textContent ?? '') })
  })
  const headingOf = (clause: DraftClause) => normalized(clause.heading.inlines.filter((inline) => inline.kind === 'text').map((inline) => inline.text).join(''))
  const ids: (string | null)[] = clauses.map(() => null)
  const used = new Set<number>()
  const named = new Set<string>()
  clauses.forEach((clause, index) => {
    if (typeof clause.id !== 'string' || named.has(clause.id)) return
    named.add(clause.id)
    ids[index] = clause.id
    const match = existing.findIndex((candidate) => candidate.id === clause.id)
    if (match >= 0) used.add(match)
  })
  clauses.forEach((clause, index) => {
    if (ids[index] !== null) return
    const heading = headingOf(clause)
    if (heading === '') return
    const match = existing.findIndex((candidate, at) => !used.has(at) && !named.has(candidate.id) && candidate.heading === heading)
    if (match >= 0) {
      used.add(match)
      ids[index] = existing[match]!.id
    }
  })
  // Between two matched clauses, the unmatched ones pair up in order.
  let floor = 0
  for (let index = 0; index < clauses.length; index++) {
    const matched = ids[index]
    if (matched !== null) {
      // A named id the document no longer has marks no place.
      const at = existing.findIndex((candidate) => candidate.id === matched)
      if (at >= 0) floor = at + 1
      continue
    }
    let next = existing.length
    for (let later = index + 1; later < clauses.length; later++) {
      const id = ids[later]
      const at = id === null ? -1 : existing.findIndex((candidate) => candidate.id === id)
      if (at >= 0) {
        next = at
        break
      }
    }
    for (let at = floor; at < next; at++) {
      if (used.has(at) || named.has(existing[at]!.id)) continue
      used.add(at)
      ids[index] = existing[at]!.id
      floor = at + 1
      break
    }
  }
  return ids.map((id) => id ?? newClauseId())
}

const normalized = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim()
