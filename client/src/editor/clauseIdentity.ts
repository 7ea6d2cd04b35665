/**
 * Keeps clause ids present and unique for changes made in this editor: a
 * clause created without an id, or pasted as a copy of another, gets a
 * fresh id. Changes arriving from the other delegation are left alone.
 */

import { Plugin } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import { newClauseId } from '../../../server/mou/clauseId.js'

export function clauseIdentityPlugin(): Plugin {
  return new Plugin({
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged && !tr.getMeta(ySyncPluginKey))) return null
      const seen = new Set<string>()
      const fixes: { pos: number; attrs: Record<string, unknown> }[] = []
      state.doc.forEach((node, pos) => {
        if (node.type.name !== 'clause') return
        const id = node.attrs.id as string | null
        if (id === null || seen.has(id)) fixes.push({ pos, attrs: { ...node.attrs, id: newClauseId() } })
        else seen.add(id)
      })
      if (fixes.length === 0) return null
      const tr = state.tr
      for (const fix of fixes) tr.setNodeMarkup(fix.pos, undefined, fix.attrs)
      return tr
    },
  })
}
