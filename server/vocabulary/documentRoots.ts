/**
 * The roots of a Counterpart Yjs document: the content in the working
 * language, which stock y-prosemirror clients edit; the text in each other
 * authentic language, a fragment of its own (`prosemirror:<lang>`) that
 * follows the working text's structure; and the negotiation records only
 * the server writes.
 */

import type * as Y from 'yjs'
import type { DocumentLanguages } from './document.js'
import { notFound } from './errors.js'

/** The root type holding the content (y-prosemirror's default name). */
export const contentFragmentName = 'prosemirror'

/**
 * The root map in which the server keeps negotiation records every client
 * sees live (pending bracket resolutions). Only the server writes it.
 */
export const negotiationMapName = 'negotiation'

/** The fragment holding the text in `lang`, one of the document's other languages (`prosemirror:th`). */
export const languageFragmentName = (lang: string): string => `${contentFragmentName}:${lang}`

/**
 * The text in `lang` (null: the working language) of document `document`:
 * the language and the fragment holding it. Throws NotFound for a language
 * the document does not have.
 */
export function languageText(document: { id: string; languages: DocumentLanguages }, lang: string | null): { lang: string; fragment: string } {
  const { working, others } = document.languages
  if (lang === null || lang === working) return { lang: working, fragment: contentFragmentName }
  if (others.includes(lang)) return { lang, fragment: languageFragmentName(lang) }
  throw notFound(`document ${document.id} has no text in "${lang}"; its languages are ${[working, ...others].join(', ')}`)
}

/** The content fragments of a document with `otherLanguages`: the working text's first. */
export const contentFragmentNames = (otherLanguages: readonly string[] = []): string[] => [contentFragmentName, ...otherLanguages.map(languageFragmentName)]

/** Defines the roots of a Counterpart document, so that each keeps its kind whatever arrives first. */
export function defineRoots(doc: Y.Doc, otherLanguages: readonly string[] = []): void {
  for (const name of contentFragmentNames(otherLanguages)) doc.getXmlFragment(name)
  doc.getMap(negotiationMapName)
}
