/**
 * Keeps clause ids present and unique for changes made in this editor, as
 * the server's gate requires:
 *
 * - a clause created without an id gets a fresh one;
 * - of two clauses with the same id (a clause pasted as a copy of
 *   another), the one that was there before keeps it — wherever the copy
 *   lands — and the copy gets a fresh id;
 * - a clause new to the document (a copy, or pasted from elsewhere) starts
 *   with what the server owns (its status, agreements, reopen request) at
 *   the defaults: only the server moves a clause's status. A clause moved
 *   within the document keeps its id and state.
 *
 * Changes arriving from the other delegation are left alone.
 */

import { Mapping } from 'prosemirror-transform'
import type { Node } from 'prosemirror-model'
import { Plugin } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import { newClauseId } from '../../../server/vocabulary/clauseId.js'
import { authorityOf } from '../../../server/vocabulary/schema.js'

export function clauseIdentityPlugin(): Plugin {
  return new Plugin({
    appendTransaction(transactions, oldState, state) {
      if (!transactions.some((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey))) return null
      if (sameClauses(oldState.doc, state.doc)) return null
      const mapping = new Mapping()
      for (const tr of transactions) mapping.appendMapping(tr.mapping)
      /** Each id of the old document, and where its clause is now (null: it did not survive in place, e.g. moved). */
      const before = new Map<string, number | null>()
      oldState.doc.forEach((node, pos) => {
        if (node.type.name !== 'clause' || typeof node.attrs.id !== 'string') return
        const mapped = mapping.mapResult(pos, 1)
        before.set(node.attrs.id, mapped.deleted ? null : mapped.pos)
      })
      const clauses: { node: Node; pos: number; id: string | null }[] = []
      state.doc.forEach((node, pos) => {
        if (node.type.name === 'clause') clauses.push({ node, pos, id: typeof node.attrs.id === 'string' ? node.attrs.id : null })
      })
      /** The clause that keeps each id: the old clause's, else the first in document order. */
      const keeper = new Map<string, number>()
      for (const { pos, id } of clauses) {
        if (id === null) continue
        if (before.get(id) === pos) keeper.set(id, pos)
        else if (!keeper.has(id)) keeper.set(id, pos)
      }
      const fixes: { pos: number; attrs: Record<string, unknown> }[] = []
      for (const { node, pos, id } of clauses) {
        const keepsId = id !== null && keeper.get(id) === pos
        const isNew = !keepsId || !before.has(id)
        const attrs: Record<string, unknown> = { ...node.attrs, id: keepsId ? id : newClauseId() }
        if (isNew) Object.assign(attrs, serverOwnedDefaults(node))
        if (Object.keys(attrs).some((key) => attrs[key] !== node.attrs[key])) fixes.push({ pos, attrs })
      }
      if (fixes.length === 0) return null
      const tr = state.tr
      for (const fix of fixes) tr.setNodeMarkup(fix.pos, undefined, fix.attrs)
      return tr
    },
  })
}

/**
 * Whether `after` holds the clauses of `before`, each in its place with its
 * attributes untouched (words typed in one): then no id can be missing,
 * copied or new. Node identity, not a walk of the attributes, so a
 * keystroke costs the same in a document of 300 clauses as in one of 3.
 */
function sameClauses(before: Node, after: Node): boolean {
  if (before.childCount !== after.childCount) return false
  for (let index = 0; index < before.childCount; index++) {
    const old = before.child(index)
    const now = after.child(index)
    if (old !== now && (old.type !== now.type || old.attrs !== now.attrs)) return false
  }
  return true
}

/** The attributes of `node` only the server writes, at their defaults. */
function serverOwnedDefaults(node: Node): Record<string, unknown> {
  const defaults: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(node.type.spec.attrs ?? {})) {
    if (authorityOf(spec) === 'server') defaults[key] = spec.default ?? null
  }
  return defaults
}
