/**
 * Naming a party by reference in the editor: a `party_ref` node (one party
 * or both, by full name, short name or State) put where the selection is,
 * so that every reader — and each party's signing original, in its order —
 * reads it in its own language. The gate takes it from any client as it
 * takes text (see `mou/schemaIntegrity.ts`); locks and brackets guard it
 * as they guard typing.
 */

import type { Command, EditorState } from 'prosemirror-state'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import type { PartyReference } from '../../../server/vocabulary/partyReference.js'

/** Whether a party reference can go where the selection is: within one block of text (the title, a recital, a heading, a paragraph…). */
export function canInsertPartyReference(state: EditorState): boolean {
  const { $from, $to } = state.selection
  return $from.sameParent($to) && $from.parent.inlineContent && $from.parent.canReplaceWith($from.index(), $to.index(), mouSchema.nodes.party_ref!)
}

/** Puts a reference to `reference.party` ("*": both) by `reference.form` in place of the selection, the caret after it. */
export function insertPartyReference(reference: PartyReference): Command {
  return (state, dispatch) => {
    if (!canInsertPartyReference(state)) return false
    dispatch?.(state.tr.replaceSelectionWith(mouSchema.nodes.party_ref!.create({ party: reference.party, form: reference.form })).scrollIntoView())
    return true
  }
}
