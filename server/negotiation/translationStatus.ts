/**
 * The status of a clause's text in another language, derived from the
 * texts themselves and the latest confirmation: what a clause's text
 * "is" for a confirmation is its content — words, marks (brackets
 * included) and references, not its negotiation state — so agreeing a
 * clause never makes its translations stale, and any change of words does.
 */

import { createHash } from 'node:crypto'
import { diffArrays } from 'diff'
import type { Node } from 'prosemirror-model'
import type { TranslationConfirmation, TranslationStatus } from '../vocabulary/translation.js'
import type { DiffRun } from '../vocabulary/views.js'

/** Hashes already taken, by node: ProseMirror nodes never change, and a revision's are read once and kept (`VersionHistory.revisionContents`). */
const hashes = new WeakMap<Node, string>()

/** SHA-256 (hex) of a clause's content as canonical JSON. */
export function clauseHash(clause: Node): string {
  let hash = hashes.get(clause)
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(clause.content.toJSON() ?? [])).digest('hex')
    hashes.set(clause, hash)
  }
  return hash
}

/** A clause's words, block by block (heading first), references as the clause they name. */
export function clauseWords(clause: Node): string {
  const blocks: string[] = []
  clause.descendants((node) => {
    if (!node.isTextblock) return true
    let text = ''
    node.forEach((child) => {
      text += child.isText ? child.text : `[${String(child.attrs.clauseId)}]`
    })
    blocks.push(text)
    return false
  })
  return blocks.join('\n')
}

/** Whether a clause holds any words at all (a heading counts). */
export const hasWords = (clause: Node): boolean => clause.textContent.trim() !== ''

/** The status of `translation` (undefined: the language text has no such clause) against `working`, given the latest confirmation. */
export function translationStatus(working: Node, translation: Node | undefined, confirmation: Pick<TranslationConfirmation, 'workingHash' | 'translationHash'> | undefined): TranslationStatus {
  if (confirmation) return clauseHash(working) === confirmation.workingHash && translation !== undefined && clauseHash(translation) === confirmation.translationHash ? 'confirmed' : 'stale'
  return translation !== undefined && hasWords(translation) ? 'draft' : 'missing'
}

/** What changed in the working text since it was confirmed as `before`: a word diff. */
export function workingChange(before: string, working: Node): DiffRun[] {
  const words = (text: string) => text.split(/(\s+)/).filter((part) => part !== '')
  return diffArrays(words(before), words(clauseWords(working))).map((part) => ({
    op: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
    text: part.value.join(''),
  }))
}
