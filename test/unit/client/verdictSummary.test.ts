import { describe, expect, it } from 'vitest'
import { asSentence, exporterInWords, hexOf, languagesInWords, sha256sumLine, utcInWords, verdictRows } from '../../../client/src/verdictSummary.js'
import type { VerdictView } from '../../../server/vocabulary/verdictView.js'

const genuine: VerdictView = {
  valid: true,
  document: { id: 'd1', title: 'MOU on police cooperation' },
  revision: 4,
  contentHash: 'ab'.repeat(32),
  counterpart: 'KH',
  languages: ['km', 'th', 'en'],
  round: null,
  exportedBy: { kind: 'member', memberId: 'm1', name: 'Joint Secretariat', party: null },
  exportedAt: '2025-03-12T10:04:31.000Z',
}

describe('the verify page’s words for a verdict', () => {
  it('sets out a valid verdict in the order a reader checks it', () => {
    expect(verdictRows(genuine)).toEqual([
      { term: 'Document', value: 'MOU on police cooperation' },
      { term: 'Document id', value: 'd1', code: true },
      { term: 'What it is', value: 'A signing original' },
      { term: 'Revision', value: '4' },
      { term: 'Party (counterpart)', value: 'KH: the original for this party' },
      { term: 'Language texts', value: 'Khmer (km), Thai (th), English (en)' },
      { term: 'Exported by', value: 'Joint Secretariat' },
      { term: 'Exported at', value: '12 Mar 2025, 10:04:31 UTC' },
      { term: 'Content hash of the revision', value: 'ab'.repeat(32), code: true },
    ])
  })

  it('names a Record of Discussion by its round, and the party whose copy it is', () => {
    const rows = verdictRows({ ...genuine, round: 3, languages: ['en'] })
    expect(rows.slice(2, 5)).toEqual([
      { term: 'What it is', value: 'The Record of Discussion of round 3' },
      { term: 'Revision', value: '4' },
      { term: 'Party (counterpart)', value: 'KH: this party’s copy of the record' },
    ])
  })

  it('gives an invalid verdict its reason as a sentence', () => {
    expect(verdictRows({ valid: false, reason: 'the file carries no Counterpart seal' })).toEqual([{ term: 'Reason', value: 'The file carries no Counterpart seal.' }])
    expect(asSentence('already one.')).toBe('Already one.')
    expect(asSentence('  ')).toBe('No reason was given.')
  })

  it('keeps the languages in the file’s order, and says when the seal names none', () => {
    expect(languagesInWords(['th', 'km', 'en'])).toBe('Thai (th), Khmer (km), English (en)')
    expect(languagesInWords(null)).toMatch(/^not stated: this copy was sealed before seals named their language texts$/)
  })

  it('names the exporter with the party, the administrator, or a member no longer on record', () => {
    expect(exporterInWords({ kind: 'member', memberId: 'm2', name: 'Khun Somchai', party: 'TH' })).toBe('Khun Somchai (TH)')
    expect(exporterInWords({ kind: 'admin', memberId: null, name: null, party: null })).toBe('the administrator')
    expect(exporterInWords({ kind: 'member', memberId: 'm3', name: null, party: 'KH' })).toBe('a member no longer on record (KH)')
  })

  it('writes times in UTC whatever the reader’s zone, and leaves a time it cannot read as it came', () => {
    expect(utcInWords('2025-12-31T23:59:59Z')).toBe('31 Dec 2025, 23:59:59 UTC')
    expect(utcInWords('yesterday')).toBe('yesterday')
  })
})

describe('the file’s SHA-256', () => {
  it('is lower-case hex', () => {
    expect(hexOf(new Uint8Array([0, 1, 0xab, 0xff]).buffer)).toBe('0001abff')
  })

  it('reads as sha256sum prints it: two spaces before the name, and an escaped name after a backslash', () => {
    const hex = '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'
    expect(sha256sumLine(hex, 'original-TH.docx')).toBe(`${hex}  original-TH.docx`)
    // As GNU coreutils 9 prints names holding a backslash, a newline or a carriage return.
    expect(sha256sumLine(hex, 'a\\b')).toBe(`\\${hex}  a\\\\b`)
    expect(sha256sumLine(hex, 'c\rd\ne')).toBe(`\\${hex}  c\\rd\\ne`)
  })
})
