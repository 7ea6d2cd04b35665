/**
 * The page's draft editor and the server agree on what a draft is: what
 * the draft schema (`client/src/editor/draftSchema.ts`) writes through
 * y-prosemirror is what the server's shape check lets into a party's
 * draft document, and what the server reads for a proposal is what the
 * page's `draftWording` says it would propose. A mark outside the schema
 * is refused, so the check can fail.
 */

import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { draftSchema, draftWording } from '../../../client/src/editor/draftSchema.js'
import { draftShapeRefusal } from '../../../server/engine/draftRooms.js'
import { PrivateDrafts } from '../../../server/services/privateDrafts.js'
import { draftRootName } from '../../../server/vocabulary/privateLayer.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'

type Inline = string | Node
const { strong, em, underline } = draftSchema.marks as Record<'strong' | 'em' | 'underline', NonNullable<(typeof draftSchema.marks)['strong']>>
const marked = (text: string, ...marks: (typeof strong)[]) => draftSchema.text(text, marks.map((mark) => mark.create()))
const para = (...content: Inline[]) => draftSchema.node('paragraph', null, content.filter((item) => item !== '').map((item) => (typeof item === 'string' ? draftSchema.text(item) : item)))
const draft = (...paragraphs: Node[]) => draftSchema.node('doc', null, paragraphs)

/** What y-prosemirror's binding keeps between updates of one fragment. */
const bindingMeta = () => ({ mapping: new Map(), isOMark: new Map() }) as unknown as Parameters<typeof updateYFragment>[3]

/**
 * Writes `versions` one after the other into clause `clauseId`'s draft of
 * a fresh party draft document, as the draft editor's binding does, and
 * checks what the page and the server make of it: the server's shape check
 * lets each version in, the fragment reads back as the last one, and the
 * server reads for a proposal the paragraphs `draftWording` says. Returns
 * those paragraphs.
 */
async function writtenAndRead(clauseId: string, ...versions: Node[]): Promise<string[]> {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(draftRootName(clauseId))
  const meta = bindingMeta()
  for (const version of versions) {
    ydoc.transact(() => updateYFragment(ydoc, fragment, version, meta))
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
    expect(draftShapeRefusal(copy)).toBeNull()
  }
  const last = versions.at(-1)!
  expect(yXmlFragmentToProseMirrorRootNode(fragment, draftSchema).toJSON()).toEqual(last.toJSON())
  // The party's draft room, holding this document: the service reads it as it reads a live room.
  const room = { read: async <T>(_documentId: string, _party: string, work: (doc: Y.Doc) => T) => work(ydoc) }
  const read = await new PrivateDrafts(null as never, room, null as never, null as never).drafts('document', 'TH')
  const wording = draftWording(last)
  expect(read).toEqual(wording.length === 0 ? [] : [{ clauseId, paragraphs: wording }])
  return wording
}

describe('a draft written with the page’s draft schema', () => {
  it('is admitted by the server as it was written, and proposes its paragraphs', async () => {
    expect(await writtenAndRead('c6', draft(para('Within ', marked('thirty', strong), ' days.')))).toEqual(['Within thirty days.'])
  })

  it('keeps every mark, and marks taken off again, paragraph by paragraph', async () => {
    const first = draft(para('Requests ', marked('shall', em), ' be answered'), para(marked('in writing', underline, strong), '.'))
    const second = draft(para('Requests shall be answered'), para('in ', marked('writing', underline), '.'), para('Costs are shared.'))
    expect(await writtenAndRead('c2', first, second)).toEqual(['Requests shall be answered', 'in writing.', 'Costs are shared.'])
  })

  it('proposes nothing when its paragraphs hold only white space; runs of white space read as one', async () => {
    expect(await writtenAndRead('c3', draft(para('  '), para()))).toEqual([])
    expect(await writtenAndRead('c4', draft(para('  Both   Parties  '), para(), para('agree.')))).toEqual(['Both Parties', 'agree.'])
  })

  it('is refused by the server when it carries what the schema has not: a bracket mark (the check can fail)', () => {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment(draftRootName('c1'))
    // A paragraph of the shared text's schema, bracketed, in a root made unchecked: what only another client could write.
    const bracketed = mouSchema.nodes.doc!.create(null, [mouSchema.node('paragraph', null, [mouSchema.text('30', [mouSchema.marks.bracket!.create({ id: 'b1', owner: 'TH', alt: 0 })])])])
    ydoc.transact(() => updateYFragment(ydoc, fragment, bracketed, bindingMeta()))
    expect(draftShapeRefusal(ydoc)?.code).toBe('invalid')
  })
})
