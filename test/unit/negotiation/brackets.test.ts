import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeContent, readContent } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { resolveBracket, withdrawAlternative } from '../../../server/negotiation/brackets.js'
import { clause, mou, p } from '../../support/mouBuilders.js'
import { bracketsOf } from '../../../server/vocabulary/brackets.js'

/** Text of alternative `alt` of bracket `id`, proposed by `owner`. */
const alt = (id: string, owner: string, number: number, text: string): Node => mouSchema.text(text, [mouSchema.marks.bracket!.create({ id, owner, alt: number })])

/** The words of the clause's paragraph, with each bracket run written `[text|owner alt]`. */
function marked(doc: Y.Doc): string {
  const paragraph = readContent(doc).lastChild!.lastChild!
  let out = ''
  paragraph.forEach((child) => {
    const mark = child.marks.find((candidate) => candidate.type.name === 'bracket')
    out += mark ? `[${child.text}|${mark.attrs.owner} ${mark.attrs.alt}]` : child.text
  })
  return out
}

function replica(...inline: (Node | string)[]): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeContent(mou(clause('c1', 'Notice', p(...inline)))))
  return doc
}

const days = () => replica('within ', alt('b1', 'TH', 0, '30'), alt('b1', 'KH', 1, '60'), alt('b1', 'TH', 2, '90'), ' days')

describe('brackets', () => {
  it('list each alternative with the party that proposed it', () => {
    expect(bracketsOf(mou(clause('c1', 'Notice', p('within ', alt('b1', 'TH', 0, '30'), alt('b1', 'KH', 1, '60'), ' days'))))).toEqual([
      { id: 'b1', owner: 'TH', owners: ['TH', 'KH'], alternatives: ['30', '60'] },
    ])
  })

  it('resolve by keeping one alternative unbracketed, or by dropping them all', () => {
    const kept = days()
    resolveBracket(kept, 'b1', 1)
    expect(marked(kept)).toBe('within 60 days')
    const dropped = days()
    resolveBracket(dropped, 'b1', null)
    expect(marked(dropped)).toBe('within  days')
    expect(() => resolveBracket(days(), 'b1', 3)).toThrow('field "keep" must name an alternative of bracket b1, 0 to 2 (got 3)')
    expect(() => resolveBracket(days(), 'b2', null)).toThrow('there is no bracket b2 in the document')
  })

  it('lose a withdrawn alternative, the later ones renumbered from it', () => {
    const doc = days()
    withdrawAlternative(doc, 'b1', 0)
    expect(marked(doc)).toBe('within [60|KH 0][90|TH 1] days')
    withdrawAlternative(doc, 'b1', 1)
    expect(marked(doc)).toBe('within [60|KH 0] days')
    withdrawAlternative(doc, 'b1', 0)
    expect(marked(doc)).toBe('within  days')
    expect(() => withdrawAlternative(days(), 'b1', 5)).toThrow('field "alt" must name an alternative of bracket b1, 0 to 2 (got 5)')
  })
})
