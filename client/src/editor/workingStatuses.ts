/**
 * The statuses of the working text's clauses (and of its title, preamble
 * and final provisions, negotiated like them), read from the shared
 * document, for the editors of the other languages: a translation's
 * clauses carry only an id, and lock when the working clause with that id
 * is agreed. Listeners hear of a change of some clause's status, not of
 * every keystroke.
 */

import * as Y from 'yjs'
import { isNegotiatedNode, negotiatedParts } from '../../../server/vocabulary/schema.js'

export class WorkingStatuses {
  private statuses = new Map<string, string>()
  private readonly listeners = new Set<() => void>()

  /** Follows the clauses of `fragment`, the working text (`prosemirror`). */
  constructor(private readonly fragment: Y.XmlFragment) {
    this.statuses = this.read()
    fragment.observeDeep(this.observe)
  }

  /** The status of the working clause with id `clauseId` ('draft' when it has none), or null when there is no such clause. */
  statusOf(clauseId: string | null): string | null {
    return clauseId === null ? null : (this.statuses.get(clauseId) ?? null)
  }

  /** Calls `listener` after any working clause's status changed; returns what stops that. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops following the shared document. */
  destroy(): void {
    this.fragment.unobserveDeep(this.observe)
    this.listeners.clear()
  }

  private readonly observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    // Only the list of clauses, or a clause's own attributes, can change a status.
    const relevant = events.some((event) => event.target === this.fragment || (event.target.parent === this.fragment && event instanceof Y.YXmlEvent && event.attributesChanged.size > 0))
    if (!relevant) return
    const statuses = this.read()
    const changed = statuses.size !== this.statuses.size || [...statuses].some(([id, status]) => this.statuses.get(id) !== status)
    this.statuses = statuses
    if (changed) for (const listener of this.listeners) listener()
  }

  private read(): Map<string, string> {
    const statuses = new Map<string, string>()
    for (const node of this.fragment.toArray()) {
      if (!(node instanceof Y.XmlElement) || !isNegotiatedNode(node.nodeName)) continue
      const id = node.getAttribute('id') ?? negotiatedParts[node.nodeName as keyof typeof negotiatedParts]
      if (typeof id === 'string') statuses.set(id, (node.getAttribute('status') as string | undefined) ?? 'draft')
    }
    return statuses
  }
}
