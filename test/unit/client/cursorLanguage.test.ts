import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cursorLanguage } from '../../../client/src/cursorLanguage.js'

/** A document with a paragraph of text in English and in Thai. */
function trilingual(): { doc: Y.Doc; texts: Record<string, Y.XmlText> } {
  const doc = new Y.Doc()
  const texts: Record<string, Y.XmlText> = {}
  for (const [name, words] of [['prosemirror', 'Objectives'], ['prosemirror:th', 'วัตถุประสงค์']] as const) {
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText(words)
    paragraph.insert(0, [text])
    doc.getXmlFragment(name).insert(0, [paragraph])
    texts[name] = text
  }
  return { doc, texts }
}
/** A cursor as y-prosemirror publishes it, at `index` of `type`. */
const cursorAt = (type: Y.AbstractType<unknown>, index: number) => {
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(type, index))
  return { anchor: position, head: position }
}

describe('the text a member’s cursor is in', () => {
  it('is the working language in the working text, and the language of any other text', () => {
    const { doc, texts } = trilingual()
    expect(cursorLanguage(doc, cursorAt(texts['prosemirror']!, 3), 'en')).toBe('en')
    expect(cursorLanguage(doc, cursorAt(texts['prosemirror:th']!, 3), 'en')).toBe('th')
    // Between blocks: a position in the root itself, named.
    expect(cursorLanguage(doc, cursorAt(doc.getXmlFragment('prosemirror:th'), 1), 'en')).toBe('th')
  })

  it('is not known without a cursor, for a cursor in a text this replica has not seen, or in another root', () => {
    const { doc } = trilingual()
    expect([cursorLanguage(doc, null, 'en'), cursorLanguage(doc, {}, 'en'), cursorLanguage(doc, { anchor: 'x' }, 'en')]).toEqual([null, null, null])
    const elsewhere = new Y.Doc()
    const text = new Y.XmlText('far')
    elsewhere.getXmlFragment('prosemirror:km').insert(0, [text])
    expect(cursorLanguage(doc, cursorAt(text, 1), 'en')).toBeNull()
    expect(cursorLanguage(doc, cursorAt(doc.getMap('negotiation'), 0), 'en')).toBeNull()
  })
})
