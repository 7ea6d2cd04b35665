/**
 * The parts and clauses of a document's texts as last read, so that a
 * clause that did not change between two readings (two revisions, say) is
 * the same ProseMirror node: what was worked out from it and kept by node
 * — its hash (`clauseHash`), its described paragraphs in an original — is
 * found again, and a new revision costs what changed in it.
 *
 * A top-level node of a text is taken for the one last read under the
 * same id when it is equal to it (`Node.eq`: type, attributes, marks and
 * content). Nodes never change, so handing out the older one is safe.
 */

import { Fragment, type Node } from 'prosemirror-model'

export class SharedClauses {
  /** By text ("<document>#<fragment>"): its top-level nodes by id, as last read; the least recently read text goes first. */
  private readonly texts = new Map<string, Map<string, Node>>()

  constructor(private readonly maxTexts: number = 48) {}

  /** `content` (text `key` as just read) with each top-level node equal to the one last read under its id replaced by that one. */
  share(key: string, content: Node): Node {
    const known = this.texts.get(key)
    const latest = new Map<string, Node>()
    const children: Node[] = []
    let shared = false
    content.forEach((child) => {
      const id = typeof child.attrs.id === 'string' ? child.attrs.id : null
      const before = id === null ? undefined : known?.get(id)
      const kept = before !== undefined && before.eq(child) ? before : child
      shared ||= kept !== child
      if (id !== null) latest.set(id, kept)
      children.push(kept)
    })
    this.texts.delete(key)
    this.texts.set(key, latest)
    for (const oldest of this.texts.keys()) {
      if (this.texts.size <= this.maxTexts) break
      this.texts.delete(oldest)
    }
    return shared ? content.copy(Fragment.fromArray(children)) : content
  }
}
