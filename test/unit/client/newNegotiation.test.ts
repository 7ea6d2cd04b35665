import { describe, expect, it } from 'vitest'
import { formProblems, newDocumentBody, otherLanguages, type NegotiationForm } from '../../../client/src/newNegotiation.js'

/** The DSI–CNP negotiation as the page's form would hold it, with `changes`. */
const form = (changes: Partial<NegotiationForm> = {}): NegotiationForm => ({
  title: '',
  template: 'anti-trafficking-mou',
  style: 'mou',
  parties: [
    { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', state: 'Kingdom of Thailand', language: 'th' },
    { code: 'KH', name: 'Cambodian National Police', shortName: '', state: '', language: '' },
  ],
  working: 'en',
  others: ['th', 'km'],
  ...changes,
})

describe('the new-negotiation form', () => {
  it('becomes exactly the body POST /api/documents takes: no title from a template, short name defaulting to the code, no language as null', () => {
    expect(newDocumentBody(form())).toEqual({
      title: null,
      template: 'anti-trafficking-mou',
      variables: {},
      style: 'mou',
      parties: [
        { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', state: 'Kingdom of Thailand', language: 'th', names: {} },
        { code: 'KH', name: 'Cambodian National Police', shortName: 'KH', state: '', language: null, names: {} },
      ],
      languages: { working: 'en', others: ['th', 'km'] },
    })
    expect(newDocumentBody(form({ title: '  MOU on policing  ', template: null })).title).toBe('MOU on policing')
  })

  it('has nothing wrong when filled in as the server wants it', () => {
    expect(formProblems(form())).toEqual([])
  })

  it('names what is wrong: a blank text without a title, bad or repeated codes, a missing name, a party language without a text', () => {
    const parties: NegotiationForm['parties'] = [
      { code: 'th', name: 'DSI', shortName: '', state: '', language: 'lo' },
      { code: 'KH', name: ' ', shortName: '', state: '', language: '' },
    ]
    expect(formProblems(form({ template: null, parties }))).toEqual([
      'A negotiation without a template needs a title.',
      "The first party's code must be 2 to 8 capital letters or digits, starting with a letter (such as TH).",
      "The first party's language (lo) must be one of the texts' languages.",
      'The second party needs its full name.',
    ])
    const same = form().parties.map((party) => ({ ...party, code: 'TH' })) as NegotiationForm['parties']
    expect(formProblems(form({ parties: same }))).toEqual(['The two parties need different codes.'])
    expect(formProblems(form({ others: ['Thai'] }))).toContain('"Thai" is not a language tag such as en, th or km.')
  })

  it('takes the other languages ticked and typed, each once, never the working language', () => {
    expect(otherLanguages('en', ['th', 'km'], '')).toEqual(['th', 'km'])
    expect(otherLanguages('th', ['en', 'th'], ' lo, km  lo')).toEqual(['en', 'lo', 'km'])
  })
})
