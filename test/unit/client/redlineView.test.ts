import { describe, expect, it } from 'vitest'
import type { Comparison, PartyView } from '../../../server/vocabulary/views.js'
import { redlineHtml } from '../../../client/src/redlineView.js'
import { colorOfParty } from '../../../server/vocabulary/partyColours.js'

const parties: PartyView[] = [
  { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', state: '', language: null, names: {}, position: 0 },
  { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', state: '', language: null, names: {}, position: 1 },
]

const comparison: Comparison = {
  summary: { added: 0, removed: 0, moved: 1, modified: 1, renumbered: 0, unchanged: 17 },
  parts: [],
  clauses: [
    {
      id: 'c1',
      change: 'modified',
      moved: true,
      renumbered: true,
      modified: true,
      from: { number: 2, label: 'Paragraph 2', heading: 'Costs', paragraphs: ['', '2.1', '2.2'] },
      to: { number: 3, label: 'Paragraph 3', heading: 'Costs', paragraphs: ['', '3.1', '3.2'] },
      structure: null,
      diff: [
        { op: 'equal', text: 'Costs\nEach Participant ' },
        { op: 'delete', text: 'shall', author: { memberId: 'm2', name: 'Lok Sokha', party: 'KH' } },
        { op: 'insert', text: '<script>alert(1)</script>', author: { memberId: 'm1', name: 'Khun Somchai', party: 'TH' } },
        { op: 'equal', text: '\nbear its costs.' },
      ],
    },
    { id: 'c2', change: 'unchanged', moved: false, renumbered: false, modified: false, from: { number: 1, label: 'Paragraph 1', heading: 'Objectives', paragraphs: [''] }, to: { number: 1, label: 'Paragraph 1', heading: 'Objectives', paragraphs: [''] }, structure: null, diff: null },
  ],
}

describe('the in-page redline', () => {
  const html = redlineHtml(comparison, parties)

  it('underlines insertions and strikes deletions in the party colour, says each in words, with the author on hover', () => {
    expect(html).toContain(`<del class="change" data-party="KH" style="color:${colorOfParty(parties, 'KH')}" title="Deleted by Lok Sokha (KH)"><span class="change-said">Deleted by Lok Sokha (KH): </span>shall</del>`)
    expect(html).toContain('<ins class="change" data-party="TH" style="color:#1d4ed8" title="Inserted by Khun Somchai (TH)"><span class="change-said">Inserted by Khun Somchai (TH): </span>')
    expect(html).toContain(`<span class="redline-party" style="color:${colorOfParty(parties, 'TH')}">DSI (TH)</span>`)
  })

  it('sets the text out paragraph by paragraph, each with its number and the one it had', () => {
    expect(html).toContain('<p class="redline-paragraph">Costs</p>')
    expect(html).toContain('<p class="redline-paragraph"><span class="paragraph-number">3.1 <span class="was">(was 2.1)</span></span> Each Participant ')
    expect(html).toContain('<p class="redline-paragraph"><span class="paragraph-number">3.2 <span class="was">(was 2.2)</span></span> bear its costs.</p>')
  })

  it('escapes document text, shows both clause numbers and leaves unchanged clauses out', () => {
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Paragraph 3 <span class="was">(was Paragraph 2)</span>')
    expect(html).not.toContain('Objectives')
    expect(html).toContain('1 moved, 1 modified')
  })
})
