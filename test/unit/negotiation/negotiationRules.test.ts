import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import type { AppliedChange } from '../../../server/engine/appliedChange.js'
import { checkNegotiationRules } from '../../../server/negotiation/negotiationRules.js'
import { toYElement } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clauseIn, clientOf, edit, firstText, judged, member, serverReplica } from '../../support/gateReplicas.js'
import { clause, mou, p } from '../../support/mouBuilders.js'
import type { MemberRecord } from '../../../server/vocabulary/member.js'

const bracket = (owner: string, id = 'b1', alt = 0) => mouSchema.mark('bracket', { id, owner, alt })

/** c1 agreed; c2 under negotiation with the DSI's "[30 days]"; c3 a draft. */
const negotiated = (): Node =>
  mou(
    mouSchema.node('clause', { id: 'c1', status: 'agreed', agreedBy: '[{"party":"KH"},{"party":"TH"}]' }, [
      mouSchema.node('clause_heading', null, [mouSchema.text('Objectives')]),
      p('The Participants will cooperate.'),
    ]),
    mouSchema.node('clause', { id: 'c2', status: 'under-negotiation' }, [
      mouSchema.node('clause_heading', null, [mouSchema.text('Answers')]),
      p('Answers come within ', mouSchema.text('30 days', [bracket('TH')]), ' of a request.'),
    ]),
    clause('c3', 'Costs', p('Each Participant bears its own costs.'), p('Unless they decide otherwise.')),
  )

const thai = member('delegate', 'TH')
const khmer = member('delegate', 'KH')
const secretariat = member('secretariat', null)

/** The refusal of `change`, made by `sender` (null: the server) on a client of the negotiated document, as [code, message]; null when kept. */
function verdictOf(sender: MemberRecord | null, change: (doc: Y.Doc, fragment: Y.XmlFragment) => void, pendingLocks: string[] = []): [string, string] | null {
  const server = serverReplica(negotiated())
  const update = edit(clientOf(server), change)
  const refusal = judged(server, update, (applied: AppliedChange) =>
    checkNegotiationRules(applied, { schema: mouSchema, sender, parties: ['TH', 'KH'], pendingLocks: new Set(pendingLocks), contentRoots: ['prosemirror'] }),
  )
  return refusal && [refusal.code, refusal.message]
}

/** Moves clause `id` to the end, as y-prosemirror does for a drag: deleted, and re-created with its attributes. */
const moveToEnd = (fragment: Y.XmlFragment, id: string, attributes: Record<string, string> = {}) => {
  const element = clauseIn(fragment.doc!, id)
  const copy = new Y.XmlElement('clause')
  for (const [key, value] of Object.entries({ ...element.getAttributes(), ...attributes })) copy.setAttribute(key, value as string)
  copy.insert(0, [toYElement(mouSchema.node('clause_heading', null, [mouSchema.text('Moved')])), toYElement(p('Moved text.'))])
  fragment.delete(fragment.toArray().indexOf(element), 1)
  fragment.push([copy])
}

describe('attribute authority', () => {
  it("refuses a client writing or removing a clause's status, agreements or reopen request, however it is spelled", () => {
    const refusal = ['forbidden', "a clause's status changes only through the API (POST …/clauses/<id>/status)"]
    expect(verdictOf(thai, (doc) => clauseIn(doc, 'c3').setAttribute('status', 'agreed'))).toEqual(refusal)
    expect(verdictOf(thai, (doc) => clauseIn(doc, 'c2').removeAttribute('status'))).toEqual(refusal)
    expect(verdictOf(thai, (doc) => clauseIn(doc, 'c3').setAttribute('agreedBy', '[]'))).toEqual(['forbidden', "a clause's agreedBy changes only through the API (POST …/clauses/<id>/status)"])
    expect(verdictOf(thai, (doc) => clauseIn(doc, 'c1').removeAttribute('agreedBy'))).toEqual(['forbidden', "a clause's agreedBy changes only through the API (POST …/clauses/<id>/status)"])
  })

  it('lets a client create a clause only as a draft, or move one with exactly the status it had', () => {
    const created = (attributes: Record<string, string | null>) => (_: Y.Doc, fragment: Y.XmlFragment) =>
      fragment.push([toYElement(mouSchema.node('clause', { id: 'c9', ...attributes }, [mouSchema.node('clause_heading'), p('New.')]))])
    expect(verdictOf(thai, created({}))).toBeNull()
    expect(verdictOf(thai, created({ status: 'agreed' }))).toEqual(['forbidden', 'a new clause cannot be created with status "agreed"'])
    expect(verdictOf(thai, created({ status: 'under-negotiation' }))).toEqual(['forbidden', 'a new clause cannot be created with status "under-negotiation"'])
    expect(verdictOf(thai, created({ agreedBy: '[{"party":"TH"},{"party":"KH"}]' }))).toEqual(['forbidden', 'a new clause cannot be created with agreedBy'])
    expect(verdictOf(thai, (_, fragment) => moveToEnd(fragment, 'c2'))).toBeNull()
    expect(verdictOf(thai, (_, fragment) => moveToEnd(fragment, 'c2', { status: 'agreed-ad-referendum' }))).toEqual([
      'forbidden',
      'a new clause cannot be created with status "agreed-ad-referendum"',
    ])
  })

  it("keeps a clause's id fixed, present and unique", () => {
    expect(verdictOf(thai, (doc) => clauseIn(doc, 'c3').setAttribute('id', 'c1'))).toEqual(['forbidden', "a clause's id is fixed when it is created"])
    expect(verdictOf(thai, (_, fragment) => fragment.push([toYElement(clause('c3', 'Shadow', p('A second c3.')))]))).toEqual([
      'conflict',
      'there is already a clause with id c3; a clause id names one clause',
    ])
    expect(verdictOf(thai, (_, fragment) => fragment.push([toYElement(mouSchema.node('clause', null, [mouSchema.node('clause_heading'), p('x')]))]))).toEqual([
      'invalid',
      'a new clause needs an id',
    ])
  })

  it('lets the server write what only the server writes', () => {
    expect(verdictOf(null, (doc) => clauseIn(doc, 'c3').setAttribute('status', 'under-negotiation'))).toBeNull()
    expect(verdictOf(null, (doc) => clauseIn(doc, 'c1').setAttribute('status', 'under-negotiation'))).toBeNull()
  })
})

describe('locks', () => {
  const locked = ['conflict', 'clause “Objectives” is agreed: its text is locked and the change was not applied']

  it('refuse typing, formatting, splitting, deleting and moving an agreed clause, by anyone, the server included', () => {
    for (const sender of [thai, khmer, secretariat, null]) {
      expect(verdictOf(sender, (doc) => firstText(clauseIn(doc, 'c1')).insert(0, 'NOT AGREED '))).toEqual(locked)
    }
    expect(verdictOf(khmer, (doc) => firstText(clauseIn(doc, 'c1')).format(0, 3, { strong: {} }))).toEqual(locked)
    expect(verdictOf(khmer, (doc) => clauseIn(doc, 'c1').insert(2, [toYElement(p('Another paragraph.'))]))).toEqual(locked)
    expect(verdictOf(khmer, (doc, fragment) => fragment.delete(fragment.toArray().indexOf(clauseIn(doc, 'c1')), 1))).toEqual(locked)
    expect(verdictOf(khmer, (_, fragment) => moveToEnd(fragment, 'c1'))).toEqual(locked)
  })

  it('hold for a clause being locked by a server change on its way, and leave other clauses free', () => {
    expect(verdictOf(thai, (doc) => firstText(clauseIn(doc, 'c3')).insert(0, 'x'), ['c3'])).toEqual([
      'conflict',
      'clause “Costs” is draft: its text is locked and the change was not applied',
    ])
    expect(verdictOf(thai, (doc) => firstText(clauseIn(doc, 'c3')).insert(0, 'x'), ['c2'])).toBeNull()
  })
})

describe("a party's bracketed proposal", () => {
  const answers = (doc: Y.Doc) => firstText(clauseIn(doc, 'c2'))
  const at = 'Answers come within '.length

  it('is changed, withdrawn or unbracketed by its own party only', () => {
    expect(verdictOf(thai, (doc) => answers(doc).delete(at, 3))).toBeNull()
    expect(verdictOf(thai, (doc) => answers(doc).insert(at + 2, '0'))).toBeNull()
    expect(verdictOf(thai, (doc) => answers(doc).format(at, 7, { bracket: null }))).toBeNull()
    const foreign = (done: string) => [
      'conflict',
      `the change ${done} TH's bracketed proposal b1 in clause c2: only TH changes or withdraws it; resolving it is proposed through POST …/brackets/b1/resolve`,
    ]
    expect(verdictOf(khmer, (doc) => answers(doc).delete(at, 3))).toEqual(foreign('deletes text of'))
    expect(verdictOf(khmer, (doc) => answers(doc).format(at, 7, { bracket: null }))).toEqual(foreign('changes the brackets of'))
    expect(verdictOf(khmer, (doc) => answers(doc).insert(at + 2, '0'))).toEqual(foreign('writes into'))
    expect(verdictOf(secretariat, (doc) => answers(doc).delete(at, 3))).toEqual(foreign('deletes text of'))
  })

  it('is opened by a member in its own party\'s name only; the secretariat opens one for either party', () => {
    const open = (owner: string) => (doc: Y.Doc) => firstText(clauseIn(doc, 'c3')).format(0, 4, { bracket: { id: 'b2', owner, alt: 0 } })
    expect(verdictOf(khmer, open('KH'))).toBeNull()
    expect(verdictOf(khmer, open('TH'))).toEqual(['forbidden', 'a bracket owned by TH can only be opened by a member of that party'])
    expect(verdictOf(khmer, (doc) => firstText(clauseIn(doc, 'c3')).insert(0, 'ninety', { bracket: { id: 'b2', owner: 'TH', alt: 0 } }))).toEqual([
      'forbidden',
      'a bracket owned by TH can only be opened by a member of that party',
    ])
    expect(verdictOf(secretariat, open('KH'))).toBeNull()
    expect(verdictOf(secretariat, open('XX'))).toEqual(['forbidden', 'a bracket must be owned by a party of this negotiation (TH or KH) (got "XX")'])
  })

  it("lets the other party type right after it, as the editor does (the text inherits the bracket, then loses it)", () => {
    const end = at + '30 days'.length
    expect(
      verdictOf(khmer, (doc) => {
        answers(doc).insert(end, ' working')
        answers(doc).format(end, ' working'.length, { bracket: null })
      }),
    ).toBeNull()
  })
})
