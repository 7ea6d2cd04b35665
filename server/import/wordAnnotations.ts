/**
 * What a Word file says beside its body: its comments, with the replies
 * Word 2012 threads under them, and the text of its footnotes and
 * endnotes (which the text has no place for: the report quotes them).
 */

import type { Document } from '@xmldom/xmldom'
import { tooLarge } from '../vocabulary/errors.js'
import type { DraftComment } from './importedDraft.js'
import type { WordLimits, WordPackage } from './wordPackage.js'
import { childElements, isElement, plainTextOf, word2010Namespace, word2012Namespace, wordAttribute } from './wordXml.js'

/**
 * The file's comments, each with the comment it answers (Word 2012's
 * `w15:commentEx`). Throws a `too-large` CounterpartError beyond
 * `limits.maxComments`.
 */
export function readComments(word: Pick<WordPackage, 'comments' | 'commentsExtended'>, limits: WordLimits): DraftComment[] {
  const root = word.comments?.documentElement ?? null
  if (root === null) return []
  const elements = childElements(root, 'comment')
  if (elements.length > limits.maxComments) throw tooLarge(`the Word file has ${elements.length} comments, more than the ${limits.maxComments} an import opens`)
  const byParagraphId = new Map<string, string>()
  const comments = elements.map((element) => {
    const id = wordAttribute(element, 'id') ?? ''
    const paragraphs = childElements(element, 'p')
    const last = paragraphs.at(-1)
    const paragraphId = last ? wordAttribute(last, 'paraId', word2010Namespace) : null
    if (paragraphId !== null) byParagraphId.set(paragraphId, id)
    return { id, author: wordAttribute(element, 'author') ?? 'Unknown author', date: wordAttribute(element, 'date'), text: paragraphs.map((paragraph) => plainTextOf(paragraph, limits.maxDepth)).join('\n').trim(), replyTo: null as string | null }
  })
  const extended = word.commentsExtended?.documentElement ?? null
  if (extended !== null) {
    const parents = new Map<string, string>()
    for (let child = extended.firstChild; child !== null; child = child.nextSibling) {
      if (!isElement(child, 'commentEx', word2012Namespace)) continue
      const own = wordAttribute(child, 'paraId', word2012Namespace)
      const parent = wordAttribute(child, 'paraIdParent', word2012Namespace)
      if (own !== null && parent !== null) parents.set(own, parent)
    }
    for (const [own, parent] of parents) {
      const comment = comments.find((candidate) => candidate.id === byParagraphId.get(own))
      const answered = byParagraphId.get(parent)
      if (comment && answered !== undefined && answered !== comment.id) comment.replyTo = answered
    }
  }
  return comments
}

/** The text of each footnote (or endnote) by id, separators left out. */
export function notesOf(part: Document | null, local: 'footnote' | 'endnote'): Map<string, string> {
  const notes = new Map<string, string>()
  const root = part?.documentElement ?? null
  for (const note of root ? childElements(root, local) : []) {
    const type = wordAttribute(note, 'type')
    if (type === 'separator' || type === 'continuationSeparator' || type === 'continuationNotice') continue
    notes.set(wordAttribute(note, 'id') ?? '', plainTextOf(note).trim())
  }
  return notes
}
