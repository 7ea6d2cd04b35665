/**
 * A cross-reference to a clause in the editor: a `clause_ref` node holding
 * the clause's id, put where the selection is. It reads as the clause's
 * current number ("Paragraph 8", see `numbering.ts`), so it follows the
 * clause when clauses are moved, inserted or deleted. The gate takes it
 * from any member who may edit, as it takes text; locks and brackets guard
 * it as they guard typing, because the command is an ordinary transaction
 * that passes through their `filterTransaction` (which explains a refusal).
 */

import type { Command, EditorState } from 'prosemirror-state'
import { mouSchema } from '../../../server/vocabulary/schema.js'

/** Whether a clause reference can go where the selection is: within one block of text (a heading, a paragraph, a recital…). */
export function canInsertClauseReference(state: EditorState): boolean {
  const { $from, $to } = state.selection
  return $from.sameParent($to) && $from.parent.inlineContent && $from.parent.canReplaceWith($from.index(), $to.index(), mouSchema.nodes.clause_ref!)
}

/** Puts a reference to the clause `clauseId` in place of the selection, the caret after it; false where one cannot go. */
export function insertClauseReference(clauseId: string): Command {
  return (state, dispatch) => {
    if (!canInsertClauseReference(state)) return false
    dispatch?.(state.tr.replaceSelectionWith(mouSchema.nodes.clause_ref!.create({ clauseId })).scrollIntoView())
    return true
  }
}
