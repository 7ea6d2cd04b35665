import { describe, expect, it } from 'vitest'
import { diffLines, diffParagraphsHtml, diffRunHtml } from '../../../server/vocabulary/redlineHtml.js'
import type { Author, DiffRun } from '../../../server/vocabulary/views.js'

const parties = [{ code: 'TH' }, { code: 'KH' }]
const somchai: Author = { memberId: 'm-th', name: 'Khun Somchai', party: 'TH' }
const sokha: Author = { memberId: 'm-kh', name: 'Lok Sokha', party: 'KH' }

const same = (text: string): DiffRun => ({ op: 'equal', text })
const ins = (text: string, author: Author = somchai): DiffRun => ({ op: 'insert', text, author })
const del = (text: string, author: Author = sokha): DiffRun => ({ op: 'delete', text, author })

/** Each paragraph of `runs` as "from/to: text", its runs written +inserted+ and -deleted-, an inserted or deleted paragraph mark as ¶. */
const paragraphs = (runs: DiffRun[]) =>
  diffLines(runs).map(({ from, to, runs: inLine, mark }) => {
    const text = inLine.map((run) => (run.op === 'equal' ? run.text : run.op === 'insert' ? `+${run.text}+` : `-${run.text}-`)).join('')
    return `${from ?? '_'}/${to ?? '_'}: ${text}${mark ? (mark.op === 'insert' ? '+¶+' : '-¶-') : ''}`
  })

describe('a change in the in-page compare', () => {
  it('names who made it and when, to the minute, on hover, and says so in words before its text', () => {
    const html = diffRunHtml({ op: 'insert', text: 'in writing', author: somchai, at: '2026-01-05T08:30:00Z' }, parties)
    expect(html).toBe(
      '<ins class="change" data-party="TH" style="color:#1d4ed8" title="Inserted by Khun Somchai (TH) on 2026-01-05 08:30 UTC" data-at="2026-01-05T08:30:00Z"><span class="change-said">Inserted by Khun Somchai (TH): </span>in writing</ins>',
    )
  })

  it('names only who made it when the log does not date it', () => {
    expect(diffRunHtml(del('written'), parties)).toMatch(/ title="Deleted by Lok Sokha \(KH\)"><span class="change-said">Deleted by Lok Sokha \(KH\): <\/span>written<\/del>$/)
  })

  it('escapes the author’s name in words as on hover', () => {
    expect(diffRunHtml(ins('x', { memberId: 'm', name: '<b>Eve</b>', party: null }), parties)).toContain('<span class="change-said">Inserted by &lt;b&gt;Eve&lt;/b&gt;: </span>')
  })
})

describe('the paragraphs of a compared text', () => {
  it('are both sides’ blocks where the separator is kept', () => {
    expect(paragraphs([same('Costs\nEach bears '), ins('all '), same('its costs.')])).toEqual(['0/0: Costs', '1/1: Each bears +all +its costs.'])
  })

  it('begin a block only on the side that has the separator before them', () => {
    // A paragraph split in two, then two paragraphs joined into one.
    expect(paragraphs([same('Heading\nFirst half.'), ins('\n'), same('Second half.\nThird.'), del('\n'), same('Fourth.')])).toEqual([
      '0/0: Heading',
      '1/1: First half.+¶+',
      '_/2: Second half.',
      '2/3: Third.-¶-',
      '3/_: Fourth.',
    ])
  })

  it('of an added clause are on the later side, their marks not shown: the paragraphs after them came with them', () => {
    expect(paragraphs([ins('Costs\nEach bears its costs.\n(a) travel')])).toEqual(['0/0: +Costs+', '_/1: +Each bears its costs.+', '_/2: +(a) travel+'])
    expect(paragraphs([same('Costs\nFirst.'), del('\nGone.'), same('\nKept.')])).toEqual(['0/0: Costs', '1/1: First.', '2/_: -Gone.-', '3/2: Kept.'])
  })

  it('carry the number each is cited by, the old one too when it changed, and the old one alone for a paragraph only the earlier side had', () => {
    const html = diffParagraphsHtml([same('Costs\nFirst.'), del('\nGone.', sokha), same('\nKept.')], ['', '9.1', '9.2', '9.3'], ['', '9.1', '9.2'], parties)
    const numbers = [...html.matchAll(/<p class="redline-paragraph">(?:<span class="paragraph-number">(.*?)<\/span> )?/g)].map((match) => match[1] ?? '')
    expect(numbers).toEqual(['', '9.1', '9.2', '9.2 <span class="was">(was 9.3)</span>'])
    // Two paragraphs joined: the mark that went is shown, as its deletion.
    expect(diffParagraphsHtml([same('Third.'), del('\n'), same('Fourth.')], ['9.3', '9.4'], ['9.3'], parties)).toBe(
      '<p class="redline-paragraph"><span class="paragraph-number">9.3</span> Third.<del class="change" data-party="KH" style="color:#c2410c" title="Deleted by Lok Sokha (KH)"><span class="change-said">Deleted by Lok Sokha (KH): </span>¶</del></p><p class="redline-paragraph"><span class="paragraph-number">9.4</span> Fourth.</p>',
    )
  })
})
