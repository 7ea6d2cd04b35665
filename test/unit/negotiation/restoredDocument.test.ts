import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { readContent } from '../../../server/mou/contentCodec.js'
import { restoreText } from '../../../server/negotiation/restoration.js'
import { compareDocuments, numberingAuthor } from '../../../server/revisions/comparison.js'
import { clause, copyOf, Drafting, finals, heading, memo, p, secretariat, sharedDoc, somchai, sokha, textAt, textOf } from '../../support/docBuilders.js'

// Where restored clauses go, what of a clause's negotiation state survives, the parts
// around the clauses, and what a restore looks like in a compare
// (test/unit/negotiation/restoration.test.ts has the rules on locked clauses).

const open = (id: string, text: string, state: Record<string, string> = {}) => clause({ id, status: 'under-negotiation', ...state }, heading(id.toUpperCase()), p(text))
const agreed = (id: string, text: string) => clause({ id, status: 'agreed', agreedBy: '[{"party":"KH"},{"party":"TH"}]' }, heading(id.toUpperCase()), p(text))

/** The document after restoring `old` into a shared document holding `now`: its content, checked against the schema. */
function restored(now: Node, old: Node): Node {
  const shared = sharedDoc(now)
  restoreText(shared, old)
  const content = readContent(shared)
  content.check()
  return content
}

/** Each clause as "id status: text". */
const clausesOf = (content: Node) => {
  const rows: string[] = []
  content.forEach((child) => {
    if (child.type.name === 'clause') rows.push(`${child.attrs.id} ${child.attrs.status}: ${child.child(1).textContent}`)
  })
  return rows
}

describe('a restore', () => {
  it('puts the clauses back in the old order, a locked clause after the clause that precedes it now', () => {
    const old = memo(open('a', 'Old A.'), open('b', 'Old B.'), open('c', 'Old C.'), open('d', 'Old D.'))
    const now = memo(open('d', 'New D.'), open('c', 'New C.'), agreed('b', 'Agreed B.'), open('a', 'New A.'), open('x', 'Added X.'))
    expect(clausesOf(restored(now, old))).toEqual(['a under-negotiation: Old A.', 'c under-negotiation: Old C.', 'b agreed: Agreed B.', 'd under-negotiation: Old D.'])
  })

  it('keeps the agreements and reopen request an open clause has now', () => {
    const agreements = '[{"party":"TH","memberId":"m-th","name":"Khun Somchai","initials":"KS","at":"2026-01-05T00:00:00.000Z"}]'
    const reopen = '{"party":"KH","memberId":"m-kh","name":"Lok Sokha","at":"2026-01-06T00:00:00.000Z"}'
    const old = memo(clause({ id: 'a', status: 'agreed', agreedBy: '[]' }, heading('A'), p('Old A.')))
    const now = memo(open('a', 'New A.', { agreedBy: agreements, reopenRequest: reopen }))
    const clauseNow = restored(now, old).child(2)
    expect([clauseNow.attrs.status, clauseNow.attrs.agreedBy, clauseNow.attrs.reopenRequest, clauseNow.textContent]).toEqual(['under-negotiation', agreements, reopen, 'AOld A.'])
  })

  it('brings back the old final provisions, and takes away final provisions added since', () => {
    const withFinals = (text: string) => memo(open('a', 'A.'), finals(p(text)))
    const partsOf = (content: Node) => content.content.content.map((child) => `${child.type.name}: ${child.textContent}`)
    expect(partsOf(restored(memo(open('a', 'A.')), withFinals('Done at Bangkok.'))).at(-1)).toBe('final_provisions: Done at Bangkok.')
    expect(partsOf(restored(withFinals('Done at Phnom Penh.'), withFinals('Done at Bangkok.'))).at(-1)).toBe('final_provisions: Done at Bangkok.')
    expect(partsOf(restored(withFinals('Done at Bangkok.'), memo(open('a', 'A.')))).at(-1)).toBe('clause: AA.')
  })

  it('is an ordinary edit by whoever restores: the old text is typed anew by them, the text it replaces deleted by them', () => {
    const content = memo(open('a', 'Each Participant will bear <x>its own<y> costs.'))
    const drafting = new Drafting(content, secretariat)
    const revision = copyOf(drafting.doc)
    drafting.edit(somchai, (replica) => {
      const { text, index } = textAt(replica, content, content.tag.x!)
      text.delete(index, content.tag.y! - content.tag.x!)
      text.insert(index, 'half the')
    })
    const amended = copyOf(drafting.doc)
    drafting.edit(sokha, (replica) => restoreText(replica, readContent(revision)))
    const { clauses } = compareDocuments(textOf(amended), textOf(drafting.doc), 'mou', drafting.authorship)
    const runs = clauses[0]!.diff!.map((run) => (run.op === 'equal' ? [run.op, run.text] : [run.op, run.text, run.author === numberingAuthor ? 'numbering' : (run.author?.name ?? null)]))
    // Compared word by word: the sides share no items.
    expect(runs).toEqual([
      ['equal', 'A\nEach Participant will bear '],
      ['delete', 'half', 'Lok Sokha'],
      ['insert', 'its', 'Lok Sokha'],
      ['equal', ' '],
      ['delete', 'the', 'Lok Sokha'],
      ['insert', 'own', 'Lok Sokha'],
      ['equal', ' costs.'],
    ])
    // Nothing of the text is the old items: every character was written by the restore.
    const after = textOf(drafting.doc).clauses[0]!.blocks
    expect(new Set(after.flatMap((block) => block.clients.map((client) => drafting.authorship.insertedBy(client)?.name)))).toEqual(new Set(['Lok Sokha']))
  })
})
