import { describe, expect, it } from 'vitest'
import { diffRunHtml } from '../../../server/vocabulary/redlineHtml.js'
import type { Author } from '../../../server/vocabulary/views.js'

const parties = [{ code: 'TH' }, { code: 'KH' }]
const somchai: Author = { memberId: 'm-th', name: 'Khun Somchai', party: 'TH' }

describe('a change in the in-page compare', () => {
  it('names who made it and when, to the minute, on hover', () => {
    const html = diffRunHtml({ op: 'insert', text: 'in writing', author: somchai, at: '2026-01-05T08:30:00Z' }, parties)
    expect(html).toBe('<ins class="change" data-party="TH" style="color:#1d4ed8" title="Inserted by Khun Somchai (TH) on 2026-01-05 08:30 UTC" data-at="2026-01-05T08:30:00Z">in writing</ins>')
  })

  it('names only who made it when the log does not date it', () => {
    expect(diffRunHtml({ op: 'delete', text: 'written', author: somchai }, parties)).toMatch(/ title="Deleted by Khun Somchai \(TH\)">written<\/del>$/)
  })
})
