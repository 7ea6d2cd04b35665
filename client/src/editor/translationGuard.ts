/**
 * A text in another language follows the working text's structure: in it a
 * member changes words, and nothing else. A local change that would add,
 * remove, split or join a clause or a paragraph, change a node's
 * attributes, or insert or remove a reference to a clause is stopped and
 * explained — the server's gate would refuse it (4403) and the page would
 * have to reload. Structure changes in the working text; the server brings
 * every language into line. Changes arriving from the server pass.
 */

import type { Node, Slice } from 'prosemirror-model'
import { Plugin, type Transaction } from 'prosemirror-state'
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from 'prosemirror-transform'
import { ySyncPluginKey } from 'y-prosemirror'
import { refusalExplainer } from './refusalExplainer.js'
import { t } from '../i18n/translator.js'

/** What a refused change would have touched: the blocks (clauses, paragraphs, attributes) or a reference. */
export type StructureChange = 'blocks' | 'reference'

/**
 * What a local transaction would change of a translation's structure, or
 * null when it only writes, deletes or formats text inside text blocks.
 */
export function structureTouched(tr: Transaction): StructureChange | null {
  for (let index = 0; index < tr.steps.length; index++) {
    const change = stepTouches(tr.steps[index]!, tr.docs[index]!)
    if (change !== null) return change
  }
  return null
}

function stepTouches(step: Step, doc: Node): StructureChange | null {
  // Formatting lands on text; y-prosemirror keeps no marks on elements.
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return null
  // A ReplaceAroundStep (wrap, lift), an attribute or node-mark step: structure.
  if (!(step instanceof ReplaceStep)) return 'blocks'
  const $from = doc.resolve(step.from)
  const $to = doc.resolve(step.to)
  if (!$from.sameParent($to) || !$from.parent.isTextblock) return 'blocks'
  let reference = false
  doc.nodesBetween(step.from, step.to, (node) => {
    if (node.isInline && !node.isText) reference = true
    return !reference
  })
  if (reference) return 'reference'
  return insertedInline(step.slice)
}

/**
 * Whether `slice`, put between two points of one text block, brings text
 * only: open as deep at both ends, one node at every open level (else it
 * would close the block and open another), text at the bottom.
 */
function insertedInline(slice: Slice): StructureChange | null {
  if (slice.openStart !== slice.openEnd) return 'blocks'
  let content = slice.content
  for (let depth = 0; depth < slice.openStart; depth++) {
    if (content.childCount !== 1) return 'blocks'
    content = content.firstChild!.content
  }
  let change: StructureChange | null = null
  content.forEach((node) => {
    if (change === null && !node.isText) change = node.isInline ? 'reference' : 'blocks'
  })
  return change
}

/** Why the change was stopped, in words, for a text in `languageName` whose working text is in `workingName`. */
export function explainStructure(change: StructureChange, languageName: string, workingName: string): string {
  return t(change === 'reference' ? 'guard.structure.reference' : 'guard.structure.blocks', { language: languageName, working: workingName })
}

/** Stops local changes to the structure of a translation, explaining why (once per burst of keystrokes). */
export function translationGuardPlugin(languageName: string, workingName: string, explain: (message: string) => void): Plugin {
  const explainOnce = refusalExplainer(explain)
  return new Plugin({
    filterTransaction(tr) {
      if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      const change = structureTouched(tr)
      if (change === null) return true
      explainOnce(() => explainStructure(change, languageName, workingName))
      return false
    },
  })
}
