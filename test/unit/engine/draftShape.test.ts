import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { admitDraftUpdate } from '../../../server/engine/draftRooms.js'

/** What `change` does to a copy of `base`, judged as the draft room judges an update: by the types the transaction changed. */
function judged(base: Y.Doc, change: (doc: Y.Doc) => void): string | null {
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(writer)
  change(writer)
  const update = Y.encodeStateAsUpdate(writer, before)
  const admitted = new Y.Doc()
  Y.applyUpdate(admitted, Y.encodeStateAsUpdate(base))
  return admitDraftUpdate(admitted, update)?.message ?? null
}

function draftWith(words: string): Y.Doc {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  doc.getXmlFragment('draft:cl_one').insert(0, [paragraph])
  paragraph.insert(0, [new Y.XmlText(words)])
  return doc
}

const firstText = (doc: Y.Doc) => (doc.getXmlFragment('draft:cl_one').get(0) as Y.XmlElement).get(0) as Y.XmlText

describe("the shape of a party's draft document", () => {
  const base = draftWith('within sixty days')

  it('takes paragraphs of text, plain or marked strong, em or underline, in draft:<clauseId> roots', () => {
    expect(judged(base, (doc) => firstText(doc).insert(0, 'Requests: '))).toBeNull()
    expect(judged(base, (doc) => firstText(doc).format(0, 6, { strong: {} }))).toBeNull()
    expect(judged(base, (doc) => firstText(doc).delete(0, 7))).toBeNull()
    expect(judged(base, (doc) => {
      const paragraph = new Y.XmlElement('paragraph')
      doc.getXmlFragment('draft:cl_two').insert(0, [paragraph])
      paragraph.insert(0, [new Y.XmlText('a second clause’s wording')])
    })).toBeNull()
  })

  it('refuses another root, keyed entries, other elements, attributes, embeds and other marks — new or in what is there', () => {
    expect(judged(base, (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('x')]))).toMatch(/only draft:<clauseId> roots/)
    expect(judged(base, (doc) => doc.getMap('draft:cl_one').set('k', 1))).toMatch(/no keyed entries/)
    expect(judged(base, (doc) => doc.getArray('draft:cl_three').insert(0, ['value']))).toMatch(/paragraphs alone/)
    expect(judged(base, (doc) => doc.getXmlFragment('draft:cl_one').insert(1, [new Y.XmlElement('clause')]))).toMatch(/paragraphs alone/)
    expect(judged(base, (doc) => (doc.getXmlFragment('draft:cl_one').get(0) as Y.XmlElement).setAttribute('id', 'x'))).toMatch(/no attributes/)
    expect(judged(base, (doc) => (doc.getXmlFragment('draft:cl_one').get(0) as Y.XmlElement).insert(1, [new Y.XmlElement('paragraph')]))).toMatch(/text alone/)
    expect(judged(base, (doc) => firstText(doc).insertEmbed(0, { image: "x" }))).toMatch(/plain or marked/)
    expect(judged(base, (doc) => firstText(doc).format(0, 6, { bracket: { id: 'b', owner: 'TH', alt: 0 } }))).toMatch(/plain or marked/)
  })
})
