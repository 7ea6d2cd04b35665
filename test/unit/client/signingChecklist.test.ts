import { describe, expect, it } from 'vitest'
import { readinessSummary, signingChecklist } from '../../../client/src/signingChecklist.js'
import { unsetSigning } from '../../../server/vocabulary/signing.js'
import type { SigningReadinessView } from '../../../server/vocabulary/views.js'

const context = {
  parties: [
    { code: 'TH', shortName: 'DSI' },
    { code: 'KH', shortName: 'CNP' },
  ],
  otherLanguages: ['th', 'km'],
  languageName: (lang: string) => ({ en: 'English', th: 'Thai', km: 'Khmer' })[lang] ?? lang,
}

const open: SigningReadinessView = {
  documentId: 'd1',
  ready: false,
  unagreed: [
    { clauseId: 'title', label: 'The title', heading: '', status: 'draft', agreedBy: [] },
    { clauseId: 'c2', label: 'Article 2', heading: 'Requests', status: 'agreed-ad-referendum', agreedBy: ['KH'] },
  ],
  brackets: [{ id: 'br-days', owner: 'TH', owners: ['TH', 'KH'], text: '[30] / [60]', clauseId: 'c3', label: 'Article 3' }],
  translations: [
    { clauseId: 'c1', label: 'Article 1', lang: 'th', status: 'draft' },
    { clauseId: 'c1', label: 'Article 1', lang: 'km', status: 'stale' },
    { clauseId: 'c4', label: 'Article 4', lang: 'km', status: 'missing' },
  ],
  wording: [
    { lang: 'en', findings: 2 },
    { lang: 'th', findings: 0 },
    { lang: 'km', findings: 1 },
  ],
  signing: { settings: unsetSigning, missing: ['the signatory of KH', 'the place of signature'] },
}

describe('the signing checklist', () => {
  it('says, clause by clause, what stands between the text and signature, each item naming the clause it links to', () => {
    const groups = signingChecklist(open, context)
    expect(groups.map(({ kind, blocking, items }) => [kind, blocking, items.map(({ clauseId, subject, detail }) => `${clauseId ?? '-'} | ${subject} | ${detail}`)])).toEqual([
      ['unagreed', true, ['title | The title | Draft: not agreed by DSI or CNP', 'c2 | Article 2 — Requests | Agreed ad referendum: agreed by CNP, not agreed by DSI']],
      ['translations', true, ['c1 | Article 1 | Thai: not confirmed; Khmer: stale (the working text changed since it was confirmed)', 'c4 | Article 4 | Khmer: no text yet']],
      ['brackets', true, ['c3 | Article 3 | [30] / [60], proposed by DSI and CNP']],
      ['wording', false, ['- | English | 2 wording findings (see the Wording tab)', '- | Khmer | 1 wording finding (see the Wording tab)']],
      ['signing', false, ['- | The signatory of KH | not set: the originals leave a blank for it', '- | The place of signature | not set: the originals leave a blank for it']],
    ])
    expect(readinessSummary(open, groups)).toBe('Not ready for signature: 5 open items below must be settled first.')
  })

  it('says what is done when nothing is open, and has no translations to list for a text in one language', () => {
    const ready: SigningReadinessView = { ...open, ready: true, unagreed: [], brackets: [], translations: [], wording: [{ lang: 'en', findings: 0 }], signing: { settings: unsetSigning, missing: [] } }
    const groups = signingChecklist(ready, { ...context, otherLanguages: [] })
    expect(groups.map(({ kind, items, done }) => [kind, items.length, done])).toEqual([
      ['unagreed', 0, 'Every clause, the title, the preamble and the final provisions are agreed by both parties.'],
      ['brackets', 0, 'No bracketed text is left.'],
      ['wording', 0, 'No wording findings in any language.'],
      ['signing', 0, 'The signatories and the place of signature are set.'],
    ])
    expect(readinessSummary(ready, groups)).toBe('Ready for signature: every part agreed, every text confirmed, no bracket left. Record the text, then export the originals.')
    expect(signingChecklist(ready, context).find((group) => group.kind === 'translations')?.done).toBe('Every clause is confirmed in Thai and Khmer.')
  })
})
