import { describe, expect, it } from 'vitest'
import { documentHtml } from '../../../server/vocabulary/documentHtml.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, np, p, partyRef, ref, sub } from '../../support/mouBuilders.js'
import { nameParties } from '../../support/parties.js'

describe('a text drawn as the editor draws it', () => {
  it("puts every block in the schema's elements, labelled as the editor labels them", () => {
    const doc = mou(clause('a', 'Objectives', p('See ', ref('b'), '.')), clause('b', 'Requests', np('In writing.', sub('facts')), np('Promptly.')))
    const html = documentHtml(doc, { style: 'treaty', lang: 'en', nameParty: nameParties() })
    expect(html).toContain('<section class="clause" data-clause-id="a" data-status="draft" data-label="Article 1"><h2>Objectives</h2><p>See <span class="clause-ref" data-clause-id="b" data-label="Article 2"></span>.</p></section>')
    expect(html).toContain(
      '<section class="clause" data-clause-id="b" data-status="draft" data-label="Article 2"><h2>Requests</h2><div class="numbered-paragraph" data-label="1."><p>In writing.</p><p class="sub-paragraph" data-label="(a)">facts</p></div><div class="numbered-paragraph" data-label="2."><p>Promptly.</p></div></section>',
    )
    expect(html.startsWith('<h1>')).toBe(true)
  })

  it("names parties in the text's language, and numbers in its numerals", () => {
    const doc = mou(clause('a', 'จุดติดต่อ', p(partyRef('KH'), ' และ ', ref('a'))))
    const html = documentHtml(doc, { style: 'mou', lang: 'th', nameParty: nameParties('th') })
    expect(html).toContain('data-label="ข้อ ๑"')
    expect(html).toContain('<span class="party-ref" data-party="KH" data-form="name" data-label="สำนักงานตำรวจแห่งชาติกัมพูชา"></span>')
  })

  it('keeps marks around their words, brackets with their owner, and escapes every word and attribute', () => {
    const { bracket, strong } = mouSchema.marks
    const words = [mouSchema.text('within '), mouSchema.text('<30> & "60"', [bracket!.create({ id: 'b"1', owner: 'TH', alt: 0 }), strong!.create()]), mouSchema.text(' days')]
    const doc = mou(clause('a', 'Time <limits>', mouSchema.node('paragraph', null, words)))
    const html = documentHtml(doc, { style: 'mou', lang: 'en', nameParty: nameParties() })
    expect(html).toContain('<h2>Time &lt;limits&gt;</h2>')
    expect(html).toMatch(/<p>within <(span class="bracket" data-bracket-id="b&quot;1" data-owner="TH" data-alt="0"><strong>|strong><span class="bracket" data-bracket-id="b&quot;1" data-owner="TH" data-alt="0">)&lt;30&gt; &amp; &quot;60&quot;<\/(strong><\/span>|span><\/strong>) days<\/p>/)
  })
})
