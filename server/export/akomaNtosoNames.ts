/**
 * The names Counterpart gives things in Akoma Ntoso (AKN 3.0): element ids
 * (`eId`) in the Naming Convention's form (`prefix_num`, levels joined by
 * `__`: `para_cl.7kq2m9xw4d__subpara_2__point_1`), the ISO 639-2 language
 * codes expressions are named by, and the parts' fixed ids. Both the
 * writer (`akomaNtoso.ts`) and the reader (`import/akomaNtoso.ts`) name
 * things through here, so that a clause's eId can be turned back into its
 * clause id.
 *
 * A clause's eId is derived from its clause id, never from its number: it
 * is the same in every language and in every revision, however the
 * clauses move. Blocks inside a clause are numbered by position, in
 * Western digits, so that they too are the same in every language text
 * (which all share the working text's structure).
 */

import type { InstrumentStyle } from '../vocabulary/document.js'

/** The namespace of Akoma Ntoso 3.0 (OASIS LegalDocML). */
export const aknNamespace = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'

/** Counterpart's own namespace, for what AKN has no property for (`meta/proprietary/cp:negotiation`): a file holding it is Counterpart's export. */
export const counterpartNamespace = 'urn:counterpart:akn:1'

/**
 * `id` as the number part of an eId: letters and digits as they are, `_`
 * as `.`, `-` as `--`, and any other character as `-`, its code point in
 * lower-case hex, `-` ("cl_7kq" → "cl.7kq", "br-days" → "br--days",
 * "é" → "-e9-"). Never empty for a non-empty id; `idOfEIdPart` reverses
 * it. Throws a RangeError for an empty id.
 */
export function eIdPart(id: string): string {
  if (id.length === 0) throw new RangeError('an empty id has no eId')
  let part = ''
  for (const char of id) {
    if (/^[A-Za-z0-9]$/.test(char)) part += char
    else if (char === '_') part += '.'
    else if (char === '-') part += '--'
    else part += `-${char.codePointAt(0)!.toString(16)}-`
  }
  return part
}

/** The id `eIdPart` made `part` from, or null when `part` is not one it makes. */
export function idOfEIdPart(part: string): string | null {
  let id = ''
  for (let at = 0; at < part.length; ) {
    const char = part[at]!
    if (/[A-Za-z0-9]/.test(char)) {
      id += char
      at += 1
    } else if (char === '.') {
      id += '_'
      at += 1
    } else if (char === '-' && part[at + 1] === '-') {
      id += '-'
      at += 2
    } else if (char === '-') {
      const match = /^-([0-9a-f]{1,6})-/.exec(part.slice(at))
      const codePoint = match ? parseInt(match[1]!, 16) : NaN
      if (!match || codePoint > 0x10ffff || /^[A-Za-z0-9_-]$/.test(String.fromCodePoint(codePoint))) return null
      id += String.fromCodePoint(codePoint)
      at += match[0].length
    } else {
      return null
    }
  }
  return id.length > 0 ? id : null
}

/**
 * A well-formed eId as Counterpart writes and checks them: components
 * joined by `__`, each a name (letters and digits, from a letter) with an
 * optional `_` and number part (letters, digits, `.` and `-`).
 */
export const eIdPattern = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9.-]+)?(?:__[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9.-]+)?)*$/

/** What a clause is in AKN, by instrument style: an `article` of a treaty, a `paragraph` of a memorandum. */
export const clauseElementOf = (style: InstrumentStyle): 'article' | 'paragraph' => (style === 'treaty' ? 'article' : 'paragraph')

/** What a numbered paragraph is in AKN: a treaty article's `paragraph`, a memorandum paragraph's `subparagraph`. */
export const numberedElementOf = (style: InstrumentStyle): 'paragraph' | 'subparagraph' => (style === 'treaty' ? 'paragraph' : 'subparagraph')

/** The eId prefixes of the Naming Convention, by element. */
export const eIdPrefixes: Readonly<Record<'article' | 'paragraph' | 'subparagraph' | 'point' | 'alinea', string>> = {
  article: 'art',
  paragraph: 'para',
  subparagraph: 'subpara',
  point: 'point',
  alinea: 'al',
}

/** The eId of clause `clauseId` in a text of `style`: "art_cl.7kq2m9xw4d", "para_cl.7kq2m9xw4d". */
export const clauseEId = (style: InstrumentStyle, clauseId: string): string => `${eIdPrefixes[clauseElementOf(style)]}_${eIdPart(clauseId)}`

/** The eId of the `index`th child of a document, a clause with id `clauseId`: from its id, or by its place when it has none. */
export function clauseEIdAt(style: InstrumentStyle, clauseId: string | null | undefined, index: number): string {
  return clauseId ? clauseEId(style, clauseId) : `${eIdPrefixes[clauseElementOf(style)]}_unidentified-${index}`
}

/** The eId of party `code` in `meta/references`, and of its signatory and the signatory's role. */
export const partyEId = (code: string): string => `party_${eIdPart(code)}`
export const signatoryEId = (code: string): string => `signatory_${eIdPart(code)}`
export const signatoryRoleEId = (code: string): string => `signatoryRole_${eIdPart(code)}`

/** The clause id a clause eId written by `clauseEId` names, or null for any other eId. */
export function clauseIdOfEId(eId: string): string | null {
  const match = /^(?:art|para)_([A-Za-z0-9.-]+)$/.exec(eId)
  return match ? idOfEIdPart(match[1]!) : null
}

/** The eIds of the parts negotiated like clauses, by their fixed id: the title, the preamble, the final provisions. */
export const partEIds: Readonly<Record<string, string>> = {
  title: 'longTitle',
  preamble: 'preamble',
  'final-provisions': 'conclusions__container_finalProvisions',
}

/** ISO 639-2 codes of the languages Counterpart's documents are most often in, by BCP 47 primary subtag. */
const iso639Alpha3: Readonly<Record<string, string>> = {
  en: 'eng',
  th: 'tha',
  km: 'khm',
  lo: 'lao',
  my: 'mya',
  vi: 'vie',
  ms: 'msa',
  id: 'ind',
  tl: 'tgl',
  zh: 'zho',
  ja: 'jpn',
  ko: 'kor',
  fr: 'fra',
  es: 'spa',
  de: 'deu',
  pt: 'por',
  ru: 'rus',
  ar: 'ara',
}

/**
 * The three-letter code an expression of `lang` (a BCP 47 tag) is named
 * by: ISO 639-2 for a primary language this module knows or a three-letter
 * primary subtag, the tag itself otherwise.
 */
export function expressionLanguage(lang: string): string {
  const primary = lang.split('-', 1)[0]!.toLowerCase()
  if (primary.length === 3) return primary
  return iso639Alpha3[primary] ?? lang
}

/** The BCP 47 primary language an expression language names: the reverse of `expressionLanguage` where it is known, the code itself otherwise. */
export function languageOfExpression(code: string): string {
  const found = Object.entries(iso639Alpha3).find(([, alpha3]) => alpha3 === code)
  return found ? found[0] : code
}

/** The name a `doc` of `style` carries. */
export const docNameOf = (style: InstrumentStyle): string => (style === 'treaty' ? 'agreement' : 'memorandumOfUnderstanding')
