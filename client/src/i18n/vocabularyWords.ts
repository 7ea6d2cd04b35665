/**
 * The shared vocabulary's names in the reader's language: roles, clause
 * statuses, the negotiated parts (the title, the preamble, the final
 * provisions), clause numbers, and the languages of a document's texts.
 */

import type { Node } from 'prosemirror-model'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { Role } from '../../../server/vocabulary/member.js'
import { clauseLabelIn, numberDocument, type Numbering } from '../../../server/vocabulary/numbering.js'
import { negotiatedParts } from '../../../server/vocabulary/schema.js'
import { roundOfRevisionLabel } from '../../../server/vocabulary/round.js'
import { localeOf } from './languageChoice.js'
import { interfaceLanguage, isMessageKey, t } from './translator.js'

/** "Head of delegation". */
export const roleName = (role: Role): string => t(`role.${role}`)

/** "head of delegation", inside a sentence. */
export const roleInSentence = (role: Role): string => t(`role.${role}.inSentence`)

/** "Agreed ad referendum"; a status this client does not know is shown as it is. */
export function statusName(status: string): string {
  const key = `status.${status}`
  return isMessageKey(key) ? t(key) : status
}

/** "agreed ad referendum", inside a sentence; a status this client does not know, as it is. */
export function statusInSentence(status: string): string {
  const key = `status.${status}.inSentence`
  return isMessageKey(key) ? t(key) : status
}

/** A text's translation status ("Stale"), or that it is not known yet (null). */
export function translationStatusName(status: string | null): string {
  const key = `translation.status.${status}`
  return status !== null && isMessageKey(key) ? t(key) : t('outline.notKnown')
}

export type PartKind = keyof typeof negotiatedParts

/** "Preamble", as a label. */
export const partLabel = (kind: PartKind): string => t(`part.${kind}`)

/** "the preamble", inside a sentence. */
export const partInSentence = (kind: PartKind): string => t(`part.${kind}.inSentence`)

/**
 * The clauses of `doc` numbered as the interface names them beside the
 * text ("Paragraph 3", "ข้อ 3", "ប្រការ 3": the interface's words, Western
 * digits); the text itself is numbered in its own language.
 */
export function interfaceNumbering(doc: Node, style: InstrumentStyle): Numbering {
  return numberDocument(doc, style, interfaceLanguage(), { digits: 'western' })
}

/** The parts of the instrument by their fixed ids ("final-provisions" → final_provisions). */
const partsById = new Map(Object.entries(negotiatedParts).map(([kind, id]) => [id as string, kind as PartKind]))

/**
 * What the interface calls the clause or part `id` of `doc` inside a
 * sentence: a clause by its number ("ข้อ 6"), a part by its name ("the
 * title", "อารัมภบท"); null for a clause no longer in the text.
 */
export function interfaceLabel(doc: Node, style: InstrumentStyle, id: string): string | null {
  const part = partsById.get(id)
  return part ? partInSentence(part) : interfaceNumbering(doc, style).clauseLabel(id)
}

/** The label of the `n`th clause (from 1) as `interfaceNumbering` gives it, without numbering the whole document. */
export function interfaceClauseLabel(n: number, style: InstrumentStyle): string {
  return clauseLabelIn(n, style, interfaceLanguage(), 'western')
}

/**
 * The name of the language tagged `lang` in the interface's language
 * ("Thai", "ภาษาไทย"): Counterpart's own names for its three languages, the
 * browser's for any other (`Intl.DisplayNames`), else the tag itself.
 */
export function languageNameInInterface(lang: string): string {
  const key = `language.${lang}`
  if (isMessageKey(key)) return t(key)
  for (const locale of [localeOf[interfaceLanguage()], 'en']) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(lang)
      if (name) return name
    } catch {
      // an ill-formed tag: the server only accepts well-formed ones
    }
  }
  return lang
}

/**
 * A revision's label as the interface shows it: the server's own labels
 * for a round's opening and closing texts ("Opening text of round 3") in
 * the interface's language; any other label, which a member typed, as it
 * is.
 */
export function revisionLabel(label: string): string {
  const round = roundOfRevisionLabel(label)
  return round ? t('revisions.roundLabel', { step: round.step, round: round.round }) : label
}
