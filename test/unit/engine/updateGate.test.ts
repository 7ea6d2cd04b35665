import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AdmittedState } from '../../../server/engine/admittedState.js'
import { UpdateGate, type GateContext, type GateVerdict } from '../../../server/engine/updateGate.js'
import { readContent, toYElement } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clauseIn, clientOf, edit, firstText, member, serverReplica, setAttributeAs } from '../../support/gateReplicas.js'
import { p } from '../../support/mouBuilders.js'
import { defineRoots } from '../../../server/vocabulary/documentRoots.js'
import { documentRules } from '../../../server/negotiation/documentRules.js'

const gate = new UpdateGate({ maxUpdateBytes: 64 * 1024, rules: documentRules(mouSchema) })
const delegate = member('delegate', 'TH')

/** A committed document (the sample memorandum), its admitted state, and a client synced with it. */
function setup(owners = new Map<number, string | null>(), doc = serverReplica()) {
  const context: GateContext = { doc, admitted: new AdmittedState(doc, defineRoots), owners, parties: ['TH', 'KH'], pendingLocks: new Set(), contentRoots: ['prosemirror'] }
  return { doc, context, client: clientOf(doc) }
}

const kindOf = (verdict: GateVerdict) => (verdict.kind === 'reject' ? [verdict.kind, verdict.error.code, verdict.error.message] : [verdict.kind])
const typeInto = (clauseId: string, at: number, words: string) => (doc: Y.Doc) => firstText(clauseIn(doc, clauseId)).insert(at, words)

describe('the update gate', () => {
  it("accepts a delegate's typing and deletions, and knows an update the document already holds", () => {
    const { doc, context, client } = setup()
    const typing = edit(client, typeInto('c1', 4, 'two '))
    expect(gate.admit(context, typing, delegate)).toMatchObject({ kind: 'accept' })
    Y.applyUpdate(doc, typing)
    expect(gate.admit(context, typing, delegate)).toEqual({ kind: 'known' })
    const deletion = edit(client, (replica) => firstText(clauseIn(replica, 'c1')).delete(0, 4))
    expect(gate.admit(context, deletion, delegate)).toMatchObject({ kind: 'accept' })
    Y.applyUpdate(doc, deletion)
    expect(gate.admit(context, deletion, delegate)).toEqual({ kind: 'known' })
    // What a client answers to sync step 1 when it has nothing new: its whole delete set, no structs.
    expect(gate.admit(context, Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc)), member('observer'))).toEqual({ kind: 'known' })
  })

  it('denies an observer anything new, and rejects what does not decode or is too large', () => {
    const { context, client } = setup()
    const denied = gate.admit(context, edit(client, typeInto('c1', 0, 'x')), member('observer'))
    expect(denied.kind === 'deny' && [denied.error.code, denied.error.message, denied.error.words]).toEqual([
      'forbidden',
      'members with the observer role may not change the document',
      { key: 'refusal.text.roleMayNotEdit', values: { role: 'observer' } },
    ])
    expect(kindOf(gate.admit(context, new Uint8Array([1, 2, 3, 4]), delegate)).slice(0, 2)).toEqual(['reject', 'invalid'])
    expect(kindOf(gate.admit(context, new Uint8Array(70_000), delegate))).toEqual(['reject', 'too-large', 'update of 70000 bytes exceeds the limit of 65536'])
  })

  it('reports the client ids an update introduces and exactly the items it newly deletes', () => {
    const { context, client } = setup()
    const update = edit(client, (replica) => {
      const text = firstText(clauseIn(replica, 'c1'))
      text.insert(0, 'Both ')
      text.delete(9, 12) // "Participants" of the synced text
    })
    const verdict = gate.admit(context, update, delegate)
    if (verdict.kind !== 'accept') throw new Error(`expected acceptance, got ${JSON.stringify(kindOf(verdict))}`)
    expect([...verdict.effect.newClients]).toEqual([client.clientID])
    expect(verdict.effect.deletions).toEqual([{ client: expect.any(Number), clock: expect.any(Number), len: 12 }])
    expect(verdict.effect.deletions[0]!.client).not.toBe(client.clientID)
  })

  it("rejects an update that writes under another member's client id", () => {
    const { doc, client } = setup()
    const taken = setup(new Map([[client.clientID, 'someone-else']]), doc)
    const update = edit(client, typeInto('c1', 0, 'x'))
    expect(kindOf(gate.admit(taken.context, update, delegate))).toEqual(['reject', 'forbidden', `the update writes as Yjs client ${client.clientID}, which belongs to another member`])
    const own = setup(new Map([[client.clientID, delegate.id]]), doc)
    expect(gate.admit(own.context, update, delegate).kind).toBe('accept')
  })

  it('asks for what it lacks when an update builds on one it has not seen, and takes the next update on what it has admitted but not stored', () => {
    const { context, client } = setup()
    const first = edit(client, typeInto('c1', 0, 'First '))
    const second = edit(client, typeInto('c1', 6, 'second '))
    expect(gate.admit(context, second, delegate)).toMatchObject({ kind: 'incomplete' })
    expect(gate.admit(context, first, delegate).kind).toBe('accept')
    // The first is on its way to the log, not in the document: the second builds on it.
    expect(gate.admit(context, second, delegate).kind).toBe('accept')
    expect(context.admitted.pending).toBe(2)
  })

  it('refuses a clause forged as agreed with status and agreements written as JSON or embeds, and keeps nothing of it', () => {
    for (const content of [(value: unknown) => new Y.ContentJSON([value]), (value: unknown) => new Y.ContentEmbed({ value })]) {
      const { doc, context, client } = setup()
      const before = readContent(doc).toJSON()
      const forged = edit(client, (_, fragment) => {
        const element = toYElement(mouSchema.node('clause', { id: 'forged' }, [mouSchema.node('clause_heading', null, [mouSchema.text('Forged')]), p('Nobody agreed this.')]))
        fragment.push([element])
        setAttributeAs(element, 'status', 'agreed', content)
        setAttributeAs(element, 'agreedBy', '[{"party":"TH"},{"party":"KH"}]', content)
      })
      const verdict = gate.admit(context, forged, delegate)
      expect(kindOf(verdict).slice(0, 2)).toEqual(['reject', 'invalid'])
      expect(kindOf(verdict)[2]).toMatch(/^attribute "(status|agreedBy)" of <clause> is written as Content(JSON|Embed); attribute values are plain values \(ContentAny\)$/)
      expect(readContent(context.admitted.doc).toJSON()).toEqual(before)
      expect(gate.admit(context, edit(client, typeInto('c2', 0, 'Still editing. ')), delegate).kind).toBe('incomplete')
      expect(readContent(doc).toJSON()).toEqual(before)
    }
  })

  it('takes an admitted update out again when the log could not store it', () => {
    const { context, client } = setup()
    const verdict = gate.admit(context, edit(client, typeInto('c1', 0, 'Lost ')), delegate)
    if (verdict.kind !== 'accept') throw new Error('expected acceptance')
    expect(firstText(clauseIn(context.admitted.doc, 'c1')).toString()).toMatch(/^Lost /)
    context.admitted.landed(verdict.admission, false)
    expect(context.admitted.pending).toBe(0)
    expect(firstText(clauseIn(context.admitted.doc, 'c1')).toString()).not.toMatch(/^Lost /)
  })

  it("holds the server's own changes to the locks and the schema, and lets them write what only the server writes", () => {
    const { context } = setup()
    const serverClient = 7_000_001
    const agreeing = gate.makeServerChange(context, serverClient, (doc) => {
      clauseIn(doc, 'c1').setAttribute('status', 'agreed')
      return 'agreed'
    })
    expect(agreeing.result).toBe('agreed')
    // Made on the admitted state, under the client id given, and on its way to the log.
    expect([...agreeing.made!.effect.newClients]).toEqual([serverClient])
    expect(clauseIn(context.admitted.doc, 'c1').getAttribute('status')).toBe('agreed')
    expect(context.admitted.pending).toBe(1)
    const before = readContent(context.admitted.doc).toJSON()
    expect(() => gate.makeServerChange(context, serverClient + 1, typeInto('c1', 0, 'Rewritten '))).toThrow(/clause “Objectives” is agreed: its text is locked/)
    expect(() => gate.makeServerChange(context, serverClient + 2, (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('x')]))).toThrow(
      'the update puts text directly in the document, which holds no text',
    )
    // A change that throws half way leaves nothing behind either.
    expect(() =>
      gate.makeServerChange(context, serverClient + 3, (doc) => {
        firstText(clauseIn(doc, 'c2')).insert(0, 'Half ')
        throw new Error('changed my mind')
      }),
    ).toThrow('changed my mind')
    expect(readContent(context.admitted.doc).toJSON()).toEqual(before)
    expect(context.admitted.pending).toBe(1)
    // A change that changes nothing has nothing on its way.
    expect(gate.makeServerChange(context, serverClient + 4, () => 'read only')).toEqual({ result: 'read only', made: null })
  })
})
