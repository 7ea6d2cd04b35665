import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { alignTranslation, touchedParts, translationAligned, untranslatedElement } from '../../../server/mou/alignedTexts.js'
import { reshapedParents } from '../../../server/engine/appliedChange.js'
import { chance, createRandom, randomInt, type Random } from '../../support/randomEdits.js'

const seed = 20_261_207

/** A block of kind `kind` holding `words`, or (a numbered paragraph) a paragraph and `subs` sub-paragraphs. */
function block(kind: string, words: string, subs = 0): Y.XmlElement {
  const element = new Y.XmlElement(kind)
  if (kind === 'numbered_paragraph') {
    element.insert(0, [block('paragraph', words), ...Array.from({ length: subs }, (_, index) => block('sub_paragraph', `${words} (${index})`))])
  } else element.insert(0, [new Y.XmlText(words)])
  return element
}

let clauses = 0
function clause(random: Random): Y.XmlElement {
  const element = new Y.XmlElement('clause')
  element.setAttribute('id', `c${++clauses}`)
  const kinds = ['paragraph', 'numbered_paragraph', 'sub_paragraph']
  element.insert(0, [block('clause_heading', `Heading ${clauses}`), ...Array.from({ length: randomInt(random, 1, 4) }, () => block(kinds[randomInt(random, 0, 2)]!, `words of ${clauses}`, randomInt(random, 0, 2)))])
  return element
}

/** A structural edit of the working text: a clause inserted, deleted or moved, or a block of one added or removed. */
function structuralEdit(random: Random, working: Y.XmlFragment): void {
  const count = working.length
  const at = randomInt(random, 0, Math.max(0, count - 1))
  const kind = randomInt(random, 0, 4)
  if (kind === 0 || count === 0) working.insert(randomInt(random, 0, count), [clause(random)])
  else if (kind === 1 && count > 1) working.delete(at, 1)
  else if (kind === 2 && count > 1) {
    const moved = (working.get(at) as Y.XmlElement).clone()
    working.delete(at, 1)
    working.insert(randomInt(random, 0, working.length), [moved])
  } else {
    const target = working.get(at) as Y.XmlElement
    if (chance(random, 0.5) || target.length <= 1) target.insert(randomInt(random, 1, target.length), [block(chance(random, 0.5) ? 'paragraph' : 'numbered_paragraph', 'added', 1)])
    else target.delete(randomInt(random, 1, target.length - 1), 1)
  }
}

/** The words of every text block of `text`, by clause id, in order. */
function wordsOf(text: Y.XmlFragment): Map<string, string[]> {
  const words = new Map<string, string[]>()
  for (const element of text.toArray() as Y.XmlElement[]) {
    const blocks: string[] = []
    const walk = (parent: Y.XmlElement) => {
      for (const child of parent.toArray()) {
        if (child instanceof Y.XmlText) blocks.push(child.toString())
        else if (child instanceof Y.XmlElement) walk(child)
      }
    }
    walk(element)
    words.set(String(element.getAttribute('id')), blocks)
  }
  return words
}

/** Writes `words` into every empty block under `parent`. */
function typeInEmptyBlocks(parent: Y.XmlElement, words: string): void {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    if (child.length === 0) child.insert(0, [new Y.XmlText(words)])
    else typeInEmptyBlocks(child, words)
  }
}

const texts = ['prosemirror', 'prosemirror:th']

describe('the language texts aligned with the working text', () => {
  it('takes the working text’s structure after any run of structural edits, whatever was changed — looking inside every part, or inside those the edits touched — and is then a no-op', () => {
    const random = createRandom(seed)
    for (let run = 0; run < 40; run++) {
      const doc = new Y.Doc()
      const working = doc.getXmlFragment('prosemirror')
      const thai = doc.getXmlFragment('prosemirror:th')
      working.insert(0, Array.from({ length: randomInt(random, 1, 8) }, () => clause(random)))
      thai.insert(0, (working.toArray() as Y.XmlElement[]).map((element) => untranslatedElement(element)))
      // The Thai words typed into a copy of the structure: every empty block of a clause gets the clause's.
      for (const text of thai.toArray() as Y.XmlElement[]) typeInEmptyBlocks(text, `ไทย ${String(text.getAttribute('id'))}`)
      const before = wordsOf(thai)
      // Every other run as the server aligns its own change: in the same transaction, inside the parts it touched alone.
      const withinTouched = run % 2 === 1
      doc.transact((transaction) => {
        for (let edit = 0; edit < randomInt(random, 1, 6); edit++) structuralEdit(random, working)
        alignTranslation(doc, 'prosemirror', 'prosemirror:th', withinTouched ? touchedParts(transaction, reshapedParents(transaction, texts), texts) : undefined)
      })
      expect(translationAligned(doc, 'prosemirror', 'prosemirror:th'), `run ${run}`).toBe(true)
      expect(doc.transact(() => alignTranslation(doc, 'prosemirror', 'prosemirror:th')), `run ${run}`).toBe(false)
      // A clause whose structure did not change keeps every Thai word it had.
      const after = wordsOf(thai)
      const workingAfter = wordsOf(working)
      for (const [id, words] of after) {
        if (before.has(id) && before.get(id)!.length === words.length && workingAfter.get(id)!.length === words.length) expect(words, `run ${run}, clause ${id}`).toEqual(before.get(id))
      }
    }
  })
})
