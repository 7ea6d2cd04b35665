import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkSchemaIntegrity } from '../../../server/mou/schemaIntegrity.js'
import { readContent, toYElement } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clauseIn, clientOf, edit, firstText, judged, serverReplica, setAttributeAs } from '../../support/gateReplicas.js'
import { clause, p } from '../../support/mouBuilders.js'

const check = (byServer = false) => (change: Parameters<typeof checkSchemaIntegrity>[0]) =>
  checkSchemaIntegrity(change, { schema: mouSchema, contentRoots: ['prosemirror'], serverRoots: ['negotiation'], byServer })

/** The refusal of `change` made on a client of the sample document, as [code, message]; null when it is kept. */
function verdictOf(change: (doc: Y.Doc, fragment: Y.XmlFragment) => void, byServer = false): [string, string] | null {
  const server = serverReplica()
  const update = edit(clientOf(server), change)
  const refusal = judged(server, update, check(byServer))
  return refusal && [refusal.code, refusal.message]
}

const paragraph = (text: string) => {
  const element = new Y.XmlElement('paragraph')
  element.insert(0, [new Y.XmlText(text)])
  return element
}

describe('the integrity of a change against the schema', () => {
  it('keeps what y-prosemirror writes: typing, a new paragraph, formatting, a new clause, a deleted paragraph', () => {
    expect(verdictOf((doc) => firstText(clauseIn(doc, 'c1')).insert(4, 'two '))).toBeNull()
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(2, [paragraph('A third paragraph.')]))).toBeNull()
    expect(verdictOf((doc) => firstText(clauseIn(doc, 'c1')).format(0, 3, { strong: {} }))).toBeNull()
    expect(verdictOf((doc) => firstText(clauseIn(doc, 'c1')).format(0, 3, { bracket: { id: 'b1', owner: 'TH', alt: 0 } }))).toBeNull()
    expect(verdictOf((_, fragment) => fragment.insert(3, [toYElement(clause('c3', 'Costs', p('Each bears its own.')))]))).toBeNull()
    expect(verdictOf((doc) => clauseIn(doc, 'c1').delete(2, 1))).toBeNull()
  })

  it('refuses content kinds the binding never writes: JSON, embeds, binary, sub-documents, plain values among elements', () => {
    const kinds: [string, (value: unknown) => Y.Item['content']][] = [
      ['ContentJSON', (value) => new Y.ContentJSON([value])],
      ['ContentEmbed', (value) => new Y.ContentEmbed({ value })],
      ['ContentBinary', () => new Y.ContentBinary(new Uint8Array([1, 2, 3]))],
    ]
    for (const [kind, content] of kinds) {
      expect(verdictOf((doc) => setAttributeAs(clauseIn(doc, 'c1'), 'templateId', 'objectives', content))).toEqual([
        'invalid',
        `attribute "templateId" of <clause> is written as ${kind}; attribute values are plain values (ContentAny)`,
      ])
    }
    expect(verdictOf((_, fragment) => fragment.insert(0, ['poison' as unknown as Y.XmlText]))).toEqual(['invalid', 'the update puts ContentAny content directly in the document; only elements and texts stand there'])
    expect(verdictOf((doc) => (clauseIn(doc, 'c1').get(0) as Y.XmlElement).insert(0, ['poison' as unknown as Y.XmlText]))).toEqual([
      'invalid',
      'the update puts ContentAny content directly in <clause_heading>; only elements and texts stand there',
    ])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(1, [new Y.Doc() as unknown as Y.XmlElement]))).toEqual([
      'invalid',
      'the update puts ContentDoc content directly in clause c1; only elements and texts stand there',
    ])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(1, [new Y.Map() as unknown as Y.XmlElement]))).toEqual(['invalid', 'the update puts a YMap type in clause c1; only elements and texts stand there'])
    expect(verdictOf((doc) => firstText(clauseIn(doc, 'c1')).insertEmbed(0, { image: 'x' }))).toEqual([
      'invalid',
      'the update puts ContentEmbed content in a text; texts hold only strings and formats',
    ])
  })

  it('refuses elements the schema has no node for, or no place for where they stand, and text outside textblocks', () => {
    expect(verdictOf((_, fragment) => fragment.insert(0, [new Y.XmlText('loose text')]))).toEqual(['invalid', 'the update puts text directly in the document, which holds no text'])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(1, [new Y.XmlElement('script')]))).toEqual(['invalid', 'the update creates a <script> element, which the schema has no node for'])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(1, [new Y.XmlElement('title')]))).toEqual(['invalid', 'the update puts a <title> in clause c1, where the schema has no place for it'])
    expect(verdictOf((_, fragment) => fragment.insert(2, [paragraph('A paragraph outside any clause.')]))).toEqual([
      'invalid',
      'the update puts a <paragraph> in the document, where the schema has no place for it',
    ])
    expect(verdictOf((doc) => (clauseIn(doc, 'c1').get(1) as Y.XmlElement).insert(0, [toYElement(clause('c9', 'Inner', p('x')))]))).toEqual([
      'invalid',
      'the update puts a <clause> in <paragraph>, where the schema has no place for it',
    ])
  })

  it('refuses nested elements at their first misplaced level (deeper nesting never reaches it: see integrationCheck)', () => {
    const verdict = verdictOf((doc) => {
      let parent = clauseIn(doc, 'c1').get(1) as Y.XmlElement
      for (let depth = 0; depth < 60; depth++) {
        const child = new Y.XmlElement('paragraph')
        parent.insert(0, [child])
        parent = child
      }
    })
    expect(verdict).toEqual(['invalid', 'the update puts a <paragraph> in <paragraph>, where the schema has no place for it'])
  })

  it('refuses attributes a node does not have, values its spec rejects, and the ychange attribute', () => {
    expect(verdictOf((doc) => clauseIn(doc, 'c1').setAttribute('onclick', 'alert(1)'))).toEqual(['invalid', '"onclick" is not an attribute of <clause>'])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').setAttribute('ychange', 'x'))).toEqual(['invalid', '"ychange" is not an attribute of <clause>'])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').setAttribute('templateId', 42 as unknown as string))).toEqual([
      'invalid',
      '<clause>: attribute "templateId" must be a string of 1 to 100 characters or null (got number 42)',
    ])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').setAttribute('status', 'final'))).toEqual([
      'invalid',
      '<clause>: attribute "status" must be one of draft, under-negotiation, agreed-ad-referendum, agreed (got "final")',
    ])
  })

  it('refuses formats that are not marks of the schema exactly: hashed keys, unknown marks, ychange, bad attributes', () => {
    const format = (attributes: Record<string, unknown>) => verdictOf((doc) => firstText(clauseIn(doc, 'c1')).format(0, 3, attributes))
    expect(format({ 'bracket--AAAAAAAA': { id: 'b1', owner: 'KH', alt: 0 } })).toEqual(['invalid', 'format "bracket--AAAAAAAA" is not a mark of the schema'])
    expect(format({ blink: {} })).toEqual(['invalid', 'format "blink" is not a mark of the schema'])
    expect(format({ ychange: { user: 'x' } })).toEqual(['invalid', 'format "ychange" is not a mark of the schema'])
    expect(format({ bracket: { id: 'b1', alt: 0 } })).toEqual(['invalid', 'mark bracket needs attribute "owner"'])
    expect(format({ bracket: { id: 'b1', owner: 'TH', alt: 'one' } })).toEqual(['invalid', 'mark bracket: attribute "alt" must be a whole number from 0 to 999 (got "one")'])
    expect(format({ bracket: { id: 'b1', owner: 'TH', alt: 0, script: 1 } })).toEqual(['invalid', '"script" is not an attribute of mark bracket'])
    expect(format({ strong: 'yes' })).toEqual(['invalid', 'format "strong" must hold the mark\'s attributes as an object'])
  })

  it('refuses a change that leaves an element with content its node does not accept, as a conflict when the element existed', () => {
    expect(verdictOf((doc) => clauseIn(doc, 'c1').delete(1, 2))).toEqual(['conflict', 'the change would leave clause c1 holding clause_heading, which the schema does not accept there'])
    expect(verdictOf((doc) => clauseIn(doc, 'c1').insert(1, [new Y.XmlElement('clause_heading')]))).toEqual([
      'conflict',
      'the change would leave clause c1 holding clause_heading, clause_heading, paragraph, paragraph, which the schema does not accept there',
    ])
    expect(verdictOf((_, fragment) => fragment.insert(3, [new Y.XmlElement('title')]))).toEqual([
      'conflict',
      'the change would leave the document holding title, preamble, clause, title, clause, which the schema does not accept there',
    ])
    const emptyClause = new Y.XmlElement('clause')
    emptyClause.setAttribute('id', 'c9')
    expect(verdictOf((_, fragment) => fragment.insert(3, [emptyClause]))).toEqual(['invalid', 'the change would leave clause c9 holding nothing, which the schema does not accept there'])
  })

  it('refuses writes to other roots: the server records are the server\'s, anything else is not a document part', () => {
    expect(verdictOf((doc) => doc.getMap('negotiation').set('b1', '{}'))).toEqual(['forbidden', 'the update writes "negotiation", which only the server writes'])
    expect(verdictOf((doc) => doc.getMap('negotiation').set('b1', '{}'), true)).toBeNull()
    expect(verdictOf((doc) => doc.getText('t').insert(0, 'x'))).toEqual(['invalid', 'the update writes a shared type named "t"; a Counterpart document has only "prosemirror"'])
  })

  it('leaves a refused change nowhere: the server copy still reads as before', () => {
    const server = serverReplica()
    const before = readContent(server).toJSON()
    const update = edit(clientOf(server), (_, fragment) => fragment.insert(0, [new Y.XmlText('loose')]))
    expect(judged(server, update, check())).not.toBeNull()
    expect(readContent(server).toJSON()).toEqual(before)
  })
})
