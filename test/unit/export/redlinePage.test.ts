import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseElements } from '../../../server/mou/contentCodec.js'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import { renderRedline, type RedlineContext } from '../../../server/export/redlinePage.js'
import { colorOfParty } from '../../../server/vocabulary/partyColours.js'
import { clause, copyOf, doc, Drafting, finals, formula, heading, p, preamble, recital, secretariat, somchai, sokha, textAt, textOf, title } from '../../support/docBuilders.js'

const context: RedlineContext = {
  title: 'Police <cooperation>',
  fromLabel: 'Revision 1',
  toLabel: 'live',
  parties: [
    { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', position: 0, language: null, state: '', names: {} },
    { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP & co', position: 1, language: null, state: '', names: {} },
  ],
}

const content = doc(
  title('Memorandum <t>'),
  preamble(recital('RECOGNISING <r>the need;'), formula('HAVE REACHED the following understanding:')),
  clause('c1', heading('Objectives <x>'), p('The Participants <a>cooperate.')),
  clause('c2', heading('Costs <y>'), p('Each bears <b>its own <c>costs.')),
  finals(p('Done at <f>Bangkok.')),
)

/** The HTML redline of one round: the secretariat, Thailand and Cambodia each change something. */
function redlineOf(): string {
  const drafting = new Drafting(content, secretariat)
  const before = copyOf(drafting.doc)
  const type = (replica: Y.Doc, tag: string, words: string) => {
    const { text, index } = textAt(replica, content, content.tag[tag]!)
    text.insert(index, words)
  }
  drafting.edit(secretariat, (replica) => type(replica, 'f', 'Phnom Penh or '))
  drafting.edit(somchai, (replica) => type(replica, 'a', '<script>alert("x")</script> will '))
  drafting.edit(sokha, (replica) => {
    const { text, index } = textAt(replica, content, content.tag.b!)
    text.delete(index, content.tag.c! - content.tag.b!)
    // c2 dragged before c1: re-created as y-prosemirror does, it reads word by word; of the two, compare calls c1 moved.
    const fragment = replica.getXmlFragment('prosemirror')
    const second = clauseElements(fragment)[1]!
    const copy = second.clone()
    fragment.delete(fragment.toArray().indexOf(second), 1)
    fragment.insert(2, [copy])
  })
  return renderRedline(compareDocuments(textOf(before), textOf(drafting.doc), 'mou', drafting.authorship), context)
}

describe('the HTML redline', () => {
  it('escapes every piece of document text, and holds no script', () => {
    const html = redlineOf()
    expect(html).not.toMatch(/<script|<cooperation>|<t>|<x>/)
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain('<title>Redline: Police &lt;cooperation&gt;</title>')
    expect(html).toContain('CNP &amp; co')
    expect(html).toContain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
  })

  it('colours each change by the party that made it, the author named on hover, and gives both numbers of a renumbered clause', () => {
    const html = redlineOf()
    const changes = [...html.matchAll(/<(ins|del)\b([^>]*)>([\s\S]*?)<\/\1>/g)]
      .filter(([, , attributes]) => /title="/.test(attributes!))
      .map(([, tag, attributes, text]) => [tag, /style="color:([^";]+)/.exec(attributes!)?.[1], /title="([^"]*)"/.exec(attributes!)?.[1], text!.replace(/^<span class="change-said">[^<]*<\/span>/, '')])
    const [thai, khmer, neither] = [colorOfParty(context.parties, 'TH'), colorOfParty(context.parties, 'KH'), colorOfParty(context.parties, null)]
    expect(new Set([thai, khmer, neither]).size).toBe(3)
    expect(changes).toEqual([
      ['del', khmer, 'Deleted by Lok Sokha (KH)', 'its own '],
      ['ins', thai, 'Inserted by Khun Somchai (TH)', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; will '],
      ['ins', neither, 'Inserted by Joint Secretariat', 'Phnom Penh or '],
    ])
    // The legend shows each party in its colour.
    expect(html).toMatch(new RegExp(`<span style="color:${thai}"><ins>DSI</ins></span> <span style="color:${khmer}"><ins>CNP &amp; co</ins></span>`))
    expect(html).toContain('<h2>Paragraph 1 <span class="was">(was Paragraph 2)</span> <span class="badge modified">modified</span></h2>')
    expect(html).toContain('<h2>Paragraph 2 <span class="was">(was Paragraph 1)</span> <span class="badge moved">moved</span></h2>')
  })

  it('says each change in words for screen readers, which its style sheet hides from sight', () => {
    const html = redlineOf()
    expect(html).toContain('<span class="change-said">Inserted by Khun Somchai (TH): </span>')
    expect(html).toContain('<span class="change-said">Deleted by Lok Sokha (KH): </span>its own ')
    expect(html).toMatch(/\.change-said \{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset\(50%\);/)
  })

  it('shows the parts that changed, the title and preamble before the clauses and the final provisions after, with the counts', () => {
    const html = redlineOf()
    const order = ['<section class="part"><h2>final provisions</h2>', '<section class="clause moved">', '<section class="clause modified">', '1 moved, 1 modified.']
    expect(order.map((marker) => html.includes(marker))).toEqual([true, true, true, true])
    expect(html.indexOf('<section class="clause modified">')).toBeLessThan(html.indexOf('<section class="clause moved">'))
    expect(html.indexOf('<section class="clause moved">')).toBeLessThan(html.indexOf('<h2>final provisions</h2>'))
    // Unchanged parts are left out.
    expect(html).not.toMatch(/<h2>(title|preamble)<\/h2>/)
  })
})
