/**
 * The schema of a delegation's private draft of a clause: paragraphs of
 * text, plain or marked strong, em or underline — exactly what the server
 * keeps in a `draft:<clauseId>` root of the party's draft document
 * (`server/engine/draftRooms.ts` closes a socket that writes anything
 * else), and what "propose" can bring into the shared text. No attributes
 * on any node: y-prosemirror would write them, and the server refuses
 * them.
 */

import { Schema, type Node } from 'prosemirror-model'

export const draftSchema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'text*', marks: '_', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] },
    text: {},
  },
  marks: {
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    underline: { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] },
  },
})

/**
 * The wording a draft would bring into the shared text, paragraph by
 * paragraph, as the server reads it for a proposal: each paragraph's text
 * with its runs of white space made one space and trimmed, empty ones left
 * out. An empty list: there is nothing to propose.
 */
export function draftWording(doc: Node): string[] {
  const paragraphs: string[] = []
  doc.forEach((paragraph) => {
    const text = paragraph.textContent.replace(/\s+/g, ' ').trim()
    if (text !== '') paragraphs.push(text)
  })
  return paragraphs
}
