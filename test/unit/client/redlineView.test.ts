import { describe, expect, it } from 'vitest'
import type { Comparison } from '../../../client/src/api.js'
import { redlineHtml } from '../../../client/src/redlineView.js'
import { colorOfParty } from '../../../server/vocabulary/partyColours.js'

const parties = [
  { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI' },
  { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP' },
]

const comparison: Comparison = {
  summary: { modified: 1, moved: 1, unchanged: 17 },
  parts: [],
  clauses: [
    {
      id: 'c1',
      change: 'modified',
      from: { number: 2, label: 'Paragraph 2', heading: 'Costs' },
      to: { number: 3, label: 'Paragraph 3', heading: 'Costs' },
      structure: null,
      diff: [
        { op: 'equal', text: 'Each Participant ' },
        { op: 'delete', text: 'shall', author: { memberId: 'm2', name: 'Lok Sokha', party: 'KH' } },
        { op: 'insert', text: '<script>alert(1)</script>', author: { memberId: 'm1', name: 'Khun Somchai', party: 'TH' } },
        { op: 'equal', text: '\nbear its costs.' },
      ],
    },
    { id: 'c2', change: 'unchanged', from: { number: 1, label: 'Paragraph 1', heading: 'Objectives' }, to: { number: 1, label: 'Paragraph 1', heading: 'Objectives' }, structure: null, diff: null },
  ],
}

describe('the in-page redline', () => {
  const html = redlineHtml(comparison, parties)

  it('underlines insertions and strikes deletions in the party colour, with the author on hover', () => {
    expect(html).toContain(`<del class="change" data-party="KH" style="color:${colorOfParty(parties, 'KH')}" title="Deleted by Lok Sokha (KH)">shall</del>`)
    expect(html).toContain('<ins class="change" data-party="TH" style="color:#1d4ed8" title="Inserted by Khun Somchai (TH)">')
  })

  it('escapes document text, keeps line breaks, shows both numbers and leaves unchanged clauses out', () => {
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<br>bear its costs.')
    expect(html).toContain('Paragraph 3 <span class="was">(was Paragraph 2)</span>')
    expect(html).not.toContain('Objectives')
    expect(html).toContain('1 modified, 1 moved')
  })
})
