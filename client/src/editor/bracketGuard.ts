/**
 * A party's bracketed proposal is its own, in the editor too: a local change
 * that would delete, re-format or write into text another party put in
 * brackets, or open a bracket in another party's name, is stopped and
 * explained — the server's gate would refuse it and close the connection.
 * The secretariat may open a bracket for either party but changes none.
 * Changes arriving from the server pass: the server decides.
 */

import type { Mark, Node } from 'prosemirror-model'
import { Plugin, type Transaction } from 'prosemirror-state'
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform'
import { ySyncPluginKey } from 'y-prosemirror'
import { refusalExplainer } from './refusalExplainer.js'
import { t } from '../i18n/translator.js'

/** The party a local change would take a bracket from: the owner of the bracket touched, or null when the change keeps every bracket. */
export function foreignBracketTouched(tr: Transaction, own: string | null): string | null {
  for (let index = 0; index < tr.steps.length; index++) {
    const owner = touchedBy(tr.steps[index]!, tr.docs[index]!, own)
    if (owner !== null) return owner
  }
  return null
}

function touchedBy(step: Step, doc: Node, own: string | null): string | null {
  const foreign = (marks: readonly Mark[]) => {
    const bracket = marks.find((mark) => mark.type.name === 'bracket')
    return bracket && bracket.attrs.owner !== own ? (bracket.attrs.owner as string) : null
  }
  /** The owner of a foreign bracket holding text in [from, to), or holding `from` on both sides when the range is empty. */
  const inRange = (from: number, to: number): string | null => {
    if (from === to) {
      const $pos = doc.resolve(from)
      const before = $pos.nodeBefore?.isText ? $pos.nodeBefore.marks : null
      const after = $pos.nodeAfter?.isText ? $pos.nodeAfter.marks : null
      if (!before || !after) return null
      const owner = foreign(before)
      const bracketId = (marks: readonly Mark[]) => marks.find((mark) => mark.type.name === 'bracket')?.attrs.id
      return owner !== null && bracketId(before) === bracketId(after) ? owner : null
    }
    let found: string | null = null
    doc.nodesBetween(from, to, (node) => {
      if (found === null && node.isText) found = foreign(node.marks)
      return found === null
    })
    return found
  }
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
    const mark = step.mark
    if (own !== null && mark.type.name === 'bracket' && mark.attrs.owner !== own) return mark.attrs.owner as string
    return inRange(step.from, step.to)
  }
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
    // A ReplaceAroundStep (a wrap or lift) keeps what lies between its gap's ends.
    let found = step instanceof ReplaceAroundStep ? (inRange(step.from, step.gapFrom) ?? inRange(step.gapTo, step.to)) : inRange(step.from, step.to)
    // Bracketed text brought in (a paste) is opened in its owner's name.
    if (found === null && own !== null) {
      step.slice.content.descendants((node) => {
        if (found === null && node.isText) found = foreign(node.marks)
        return found === null
      })
    }
    return found
  }
  return null
}

export function bracketGuardPlugin(own: string | null, explain: (message: string) => void): Plugin {
  const explainOnce = refusalExplainer(explain)
  return new Plugin({
    filterTransaction(tr) {
      if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      const owner = foreignBracketTouched(tr, own)
      if (owner === null) return true
      explainOnce(() => t(own === null ? 'guard.bracket.secretariat' : 'guard.bracket.party', { party: owner }))
      return false
    },
  })
}
