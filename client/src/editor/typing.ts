/**
 * Typing, told apart from every other change: a transaction that only
 * types, deletes or formats text inside one paragraph at a time leaves the
 * document's structure — its blocks, clauses, statuses and references —
 * as it was, so what plugins derive from that structure (numbers, locks)
 * is only moved along, not derived again.
 */

import type { Transaction } from 'prosemirror-state'
import { AddMarkStep, RemoveMarkStep, ReplaceStep } from 'prosemirror-transform'

/**
 * Whether `tr` only types or deletes text inside one paragraph at a time, or
 * formats it: no block, clause or reference comes or goes, so every label
 * stays what it was (a reference deleted with the text loses its label with it).
 */
export function isTyping(tr: Transaction): boolean {
  let typing = answers.get(tr)
  if (typing === undefined) answers.set(tr, (typing = onlyTypes(tr)))
  return typing
}

/** What `isTyping` answered for each transaction: the numbering and lock plugins both ask, on every keystroke. */
const answers = new WeakMap<Transaction, boolean>()

function onlyTypes(tr: Transaction): boolean {
  return tr.steps.every((step, index) => {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true
    if (!(step instanceof ReplaceStep) || step.slice.openStart !== 0 || step.slice.openEnd !== 0) return false
    let onlyText = true
    step.slice.content.forEach((node) => {
      if (!node.isText) onlyText = false
    })
    if (!onlyText) return false
    const doc = tr.docs[index]!
    const $from = doc.resolve(step.from)
    return $from.parent.isTextblock && $from.sameParent(doc.resolve(step.to))
  })
}
