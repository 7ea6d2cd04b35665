import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cursorPlace } from '../../../client/src/cursorPlace.js'
import { placeInWords } from '../../../client/src/panels/presenceList.js'

/** A block under a text's root: a title, or a clause with one paragraph. */
type Block = ['title' | 'clause', string]

/** A document whose working text (`prosemirror`) and Thai text (`prosemirror:th`) hold `blocks`; the XmlText of each, by root then block. */
function texts(blocks: Block[]): { doc: Y.Doc; text: (root: string, block: number) => Y.XmlText } {
  const doc = new Y.Doc()
  const made: Record<string, Y.XmlText[]> = {}
  for (const root of ['prosemirror', 'prosemirror:th']) {
    made[root] = []
    const elements = blocks.map(([name, words]) => {
      const element = new Y.XmlElement(name)
      const text = new Y.XmlText(words)
      if (name === 'clause') {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [text])
        element.insert(0, [paragraph])
      } else element.insert(0, [text])
      made[root]!.push(text)
      return element
    })
    doc.getXmlFragment(root).insert(0, elements)
  }
  return { doc, text: (root, block) => made[root]![block]! }
}

/** A cursor as y-prosemirror publishes it, at `index` of `type`. */
const cursorAt = (type: Y.AbstractType<any>, index: number) => {
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(type, index))
  return { anchor: position, head: position }
}

const memorandum: Block[] = [
  ['title', 'Memorandum'],
  ['clause', 'Objectives'],
  ['clause', 'Scope'],
  ['clause', 'Costs'],
]

describe('where a member’s cursor is', () => {
  it('is the clause, counted among the clauses, and the text: the working language or the language of another', () => {
    const { doc, text } = texts(memorandum)
    expect(cursorPlace(doc, cursorAt(text('prosemirror', 2), 3), 'en')).toEqual({ lang: 'en', part: { kind: 'clause', number: 2 } })
    expect(cursorPlace(doc, cursorAt(text('prosemirror:th', 3), 0), 'en')).toEqual({ lang: 'th', part: { kind: 'clause', number: 3 } })
    expect(cursorPlace(doc, cursorAt(text('prosemirror', 0), 1), 'en')).toEqual({ lang: 'en', part: { kind: 'title' } })
  })

  it('counts only the clauses still there', () => {
    const { doc, text } = texts(memorandum)
    doc.getXmlFragment('prosemirror').delete(1, 1)
    expect(cursorPlace(doc, cursorAt(text('prosemirror', 3), 0), 'en')).toEqual({ lang: 'en', part: { kind: 'clause', number: 2 } })
  })

  it('between blocks, is in the text, at the block after it', () => {
    const { doc } = texts(memorandum)
    expect(cursorPlace(doc, cursorAt(doc.getXmlFragment('prosemirror:th'), 2), 'en')).toEqual({ lang: 'th', part: { kind: 'clause', number: 2 } })
    expect(cursorPlace(doc, cursorAt(doc.getXmlFragment('prosemirror'), 4), 'en')).toEqual({ lang: 'en', part: null })
  })

  it('is not known without a cursor, for a cursor in a text this replica has not seen, or in another root', () => {
    const { doc } = texts(memorandum)
    expect([cursorPlace(doc, null, 'en'), cursorPlace(doc, {}, 'en'), cursorPlace(doc, { anchor: 'x' }, 'en')]).toEqual([null, null, null])
    const elsewhere = new Y.Doc()
    const text = new Y.XmlText('far')
    elsewhere.getXmlFragment('prosemirror:km').insert(0, [text])
    expect(cursorPlace(doc, cursorAt(text, 1), 'en')).toBeNull()
    expect(cursorPlace(doc, cursorAt(doc.getMap('negotiation'), 0), 'en')).toBeNull()
  })
})

describe('where a member is, in words', () => {
  it('is reading without a cursor, and the clause or part with one', () => {
    expect(placeInWords(undefined, 'mou', false)).toBe('reading')
    expect(placeInWords({ lang: 'en', part: { kind: 'clause', number: 6 } }, 'mou', false)).toBe('in Paragraph 6')
    expect(placeInWords({ lang: 'en', part: { kind: 'clause', number: 6 } }, 'treaty', false)).toBe('in Article 6')
    expect(placeInWords({ lang: 'en', part: { kind: 'final_provisions' } }, 'mou', false)).toBe('in the final provisions')
    expect(placeInWords(null, 'mou', false)).toBe('in the text')
  })

  it('names the text in a document in several languages', () => {
    expect(placeInWords({ lang: 'th', part: { kind: 'clause', number: 6 } }, 'mou', true)).toBe('in Paragraph 6 (Thai text)')
    expect(placeInWords({ lang: 'en', part: { kind: 'preamble' } }, 'mou', true)).toBe('in the preamble (English text)')
    expect(placeInWords({ lang: 'km', part: null }, 'mou', true)).toBe('in the Khmer text')
    expect(placeInWords(undefined, 'mou', true)).toBe('reading')
  })
})
