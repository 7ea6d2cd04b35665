import { describe, expect, it } from 'vitest'
import { numberingDecorations } from '../../../client/src/numberingView.js'
import { labelsOf } from '../../../server/vocabulary/textLabels.js'
import { clause, mou, np, p, partyRef, ref, sub } from '../../support/mouBuilders.js'
import { nameParties } from '../../support/parties.js'

describe('the numbers the editor shows', () => {
  const doc = mou(
    clause('a', 'Objectives', p('See ', ref('b'), '.')),
    clause('b', 'Requests', np('In writing.', sub('facts'), sub('purpose')), np('Promptly.')),
  )

  it('label every clause, numbered paragraph, sub-paragraph and reference from the shared numbering', () => {
    const labels = labelsOf(doc, 'treaty', 'en', nameParties()).map(({ kind, label }) => `${kind}:${label}`)
    expect(labels).toEqual(['clause:Article 1', 'reference:Article 2', 'clause:Article 2', 'paragraph:1.', 'paragraph:(a)', 'paragraph:(b)', 'paragraph:2.'])
  })

  it('sit on the labelled nodes as data-label attributes, never in the text', () => {
    const decorations = numberingDecorations(doc, 'mou', 'en', nameParties()).find()
    expect(decorations).toHaveLength(7)
    for (const decoration of decorations) {
      const node = doc.nodeAt(decoration.from)!
      expect(decoration.to - decoration.from).toBe(node.nodeSize)
      expect((decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-label']).toMatch(/^(Paragraph \d|\d\.|\([a-z]\))/)
    }
  })

  it("name the parties where the text refers to them, in the text's language, the first party first", () => {
    const named = mou(clause('a', 'Focal points', p(partyRef('*', 'shortName'), ' and the ', partyRef('*', 'state'), ' and ', partyRef('KH'), '.')))
    const labels = (lang: string) => labelsOf(named, 'mou', lang, nameParties(lang)).filter(({ kind }) => kind === 'reference').map(({ label }) => label)
    expect(labels('en')).toEqual(['DSI and CNP', 'Kingdom of Thailand and the Kingdom of Cambodia', 'Cambodian National Police'])
    expect(labels('th')).toEqual(['ดีเอสไอ และ CNP', 'ราชอาณาจักรไทย และ ราชอาณาจักรกัมพูชา', 'สำนักงานตำรวจแห่งชาติกัมพูชา'])
    expect(labels('km')).toEqual(['DSI និង CNP', 'ព្រះរាជាណាចក្រថៃ និង ព្រះរាជាណាចក្រកម្ពុជា', 'នគរបាលជាតិកម្ពុជា'])
  })
})
