/**
 * Bracketed text in the editor: putting the selection in brackets as a
 * party's proposal, and adding an alternative to a proposal ("[30] /
 * [60]"). Resolving a bracket is the server's (POST …/brackets/:id/resolve),
 * so that it is one attributed, recorded change.
 */

import type { Mark } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { mouSchema } from '../../../server/vocabulary/schema.js'

const bracketType = mouSchema.marks.bracket!

export interface BracketAt {
  id: string
  owner: string
  /** The alternatives' texts, by number. */
  alternatives: string[]
  /** Where the last alternative ends (a new one goes there). */
  end: number
}

const newBracketId = () => `br_${Math.random().toString(36).slice(2, 10)}`

/** Brackets the selection as a proposal of `owner`; null when the selection is empty or spans blocks. */
export function bracketSelection(state: EditorState, owner: string): Transaction | null {
  const { from, to, $from, $to } = state.selection
  if (from === to || !$from.sameParent($to) || !$from.parent.isTextblock) return null
  return state.tr.addMark(from, to, bracketType.create({ id: newBracketId(), owner, alt: 0 }))
}

/** The bracket at the cursor (or the start of the selection), with its alternatives. */
export function bracketAt(state: EditorState): BracketAt | null {
  const { $from } = state.selection
  const mark = bracketMarkOf($from.marks()) ?? bracketMarkOf($from.nodeAfter?.marks ?? []) ?? bracketMarkOf($from.nodeBefore?.marks ?? [])
  if (!mark) return null
  const block = $from.parent
  const start = $from.start()
  const bracket: BracketAt = { id: mark.attrs.id, owner: mark.attrs.owner, alternatives: [], end: start }
  block.forEach((child, offset) => {
    const own = bracketMarkOf(child.marks)
    if (!own || own.attrs.id !== bracket.id) return
    const alt = Number(own.attrs.alt) || 0
    bracket.alternatives[alt] = (bracket.alternatives[alt] ?? '') + (child.text ?? '')
    bracket.end = Math.max(bracket.end, start + offset + child.nodeSize)
  })
  return bracket
}

/** Adds `text` as a further alternative of `bracket`, proposed by `owner`, right after the last one. */
export function addAlternative(state: EditorState, bracket: BracketAt, text: string, owner: string): Transaction | null {
  if (text.trim() === '') return null
  const mark = bracketType.create({ id: bracket.id, owner, alt: bracket.alternatives.length })
  return state.tr.insert(bracket.end, mouSchema.text(text, [mark]))
}

function bracketMarkOf(marks: readonly Mark[]): Mark | undefined {
  return marks.find((mark) => mark.type === bracketType)
}
