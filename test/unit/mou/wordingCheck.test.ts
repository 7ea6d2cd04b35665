import { describe, expect, it } from 'vitest'
import { documentParts } from '../../../server/mou/documentText.js'
import { numberDocument } from '../../../server/mou/numbering.js'
import { checkWording } from '../../../server/mou/wordingCheck.js'
import { renderInstrument } from '../../../server/templates/templateRenderer.js'
import { clause, mou, np, p } from '../../support/mouBuilders.js'
import { starterLibrary } from '../../support/testServer.js'

const parties = [
  { name: 'Department of Special Investigation', shortName: 'DSI' },
  { name: 'Cambodian National Police', shortName: 'CNP' },
] as const

describe('the wording check', () => {
  it.each(['mou', 'treaty'] as const)('finds nothing in the starter instrument drafted in %s style', (style) => {
    const doc = renderInstrument(starterLibrary(), 'anti-trafficking-mou', style, parties, {})
    expect(checkWording(documentParts(doc, numberDocument(doc, style)), style)).toEqual([])
  })

  it('finds binding words planted in a memorandum, with clause, offset and a replacement', () => {
    const doc = mou(
      clause('c1', 'Objectives', p('The Participants will cooperate.')),
      clause('c2', 'Costs', np('Each Party shall bear its own costs.'), np('The Parties agreed that these obligations enter into force under Article 1.')),
    )
    const parts = documentParts(doc, numberDocument(doc, 'mou'))
    const findings = checkWording(parts, 'mou')
    expect(findings.map(({ label, text, suggestion }) => [label, text, suggestion])).toEqual([
      ['Paragraph 2', 'Party', 'Participant'],
      ['Paragraph 2', 'shall', 'will'],
      ['Paragraph 2', 'Parties', 'Participants'],
      ['Paragraph 2', 'agreed', 'decided'],
      ['Paragraph 2', 'obligations', 'commitments'],
      ['Paragraph 2', 'enter into force', 'come into effect'],
      ['Paragraph 2', 'Article', 'Paragraph'],
    ])
    const costs = parts.find((part) => part.clauseId === 'c2')!
    for (const finding of findings) {
      expect(finding.clauseId).toBe('c2')
      expect(costs.text.slice(finding.offset, finding.offset + finding.length)).toBe(finding.text)
    }
  })

  it('finds memorandum words in a treaty, title and preamble included, keeping capitals', () => {
    const doc = mou(clause('c1', 'Entry', p('This Memorandum of Understanding WILL come into effect for the Participants.')))
    const findings = checkWording(documentParts(doc, numberDocument(doc, 'treaty')), 'treaty')
    expect(findings.map(({ part, text, suggestion }) => [part, text, suggestion])).toEqual([
      ['title', 'Memorandum of Understanding', 'Agreement'],
      ['preamble', 'HAVE REACHED the following understanding', 'HAVE AGREED as follows'],
      ['clause', 'Memorandum of Understanding', 'Agreement'],
      ['clause', 'WILL', 'SHALL'],
      ['clause', 'come into effect', 'enter into force'],
      ['clause', 'Participants', 'Parties'],
    ])
  })
})
