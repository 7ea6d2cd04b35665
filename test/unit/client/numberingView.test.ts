import { describe, expect, it } from 'vitest'
import { labelsOf, numberingDecorations } from '../../../client/src/numberingView.js'
import { clause, mou, np, p, ref, sub } from '../../support/mouBuilders.js'

describe('the numbers the editor shows', () => {
  const doc = mou(
    clause('a', 'Objectives', p('See ', ref('b'), '.')),
    clause('b', 'Requests', np('In writing.', sub('facts'), sub('purpose')), np('Promptly.')),
  )

  it('label every clause, numbered paragraph, sub-paragraph and reference from the shared numbering', () => {
    const labels = labelsOf(doc, 'treaty').map(({ kind, label }) => `${kind}:${label}`)
    expect(labels).toEqual(['clause:Article 1', 'reference:Article 2', 'clause:Article 2', 'paragraph:1.', 'paragraph:(a)', 'paragraph:(b)', 'paragraph:2.'])
  })

  it('sit on the labelled nodes as data-label attributes, never in the text', () => {
    const decorations = numberingDecorations(doc, 'mou').find()
    expect(decorations).toHaveLength(7)
    for (const decoration of decorations) {
      const node = doc.nodeAt(decoration.from)!
      expect(decoration.to - decoration.from).toBe(node.nodeSize)
      expect((decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-label']).toMatch(/^(Paragraph \d|\d\.|\([a-z]\))/)
    }
  })
})
