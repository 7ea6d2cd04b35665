import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { anchorText, readRelativePosition, resolveAnchor } from '../../../server/negotiation/commentAnchor.js'
import { bracket, clause, copyOf, formula, heading, memo, doc, p, preamble, recital, relativeAt, sharedDoc, textAt, title, type Tagged } from '../../support/docBuilders.js'
import { refusal } from '../../support/refusal.js'

/**
 * The anchor of a span between tags `from` and `to` of `content`, made as
 * the editor makes it: the start before the first character, the end
 * sticking to the last character of the span.
 */
const anchorOf = (shared: Y.Doc, content: Tagged, from = 'a', to = 'b') => ({
  from: relativeAt(shared, content, content.tag[from]!),
  to: relativeAt(shared, content, content.tag[to]!, -1),
})

const resolved = (shared: Y.Doc, anchor: { from: Y.RelativePosition; to: Y.RelativePosition }) => resolveAnchor(shared, anchor.from, anchor.to)

const objectives = memo(
  clause('c1', heading('Objectives'), p('The <a>Participants<b> will <c>cooperate.'), p('They will <d>exchange<e> information.')),
  clause('c2', heading('Notice'), p('<f>Within ', bracket('b1', 'TH')('3<g>0'), bracket('b1', 'KH', 1)('<h>60'), ' days<i>.')),
)

describe('a comment anchor', () => {
  it('keeps its span as text is typed around it, and takes in what is typed inside it', () => {
    const shared = sharedDoc(objectives)
    const anchor = anchorOf(shared, objectives)
    const type = (tag: string, words: string) => {
      const { text, index } = textAt(shared, objectives, objectives.tag[tag]!)
      text.insert(index, words)
    }
    type('c', 'closely ')
    type('b', ' of both sides')
    type('a', 'two ')
    expect(resolved(shared, anchor)).toEqual({ state: 'anchored', text: 'Participants', clauseId: 'c1' })
    const { text } = textAt(shared, objectives, objectives.tag.a!)
    text.insert(text.toString().indexOf('Participants') + 5, '-')
    expect(resolved(shared, anchor)).toEqual({ state: 'anchored', text: 'Parti-cipants', clauseId: 'c1' })
  })

  it('reads a span over several paragraphs with a line break between them', () => {
    const shared = sharedDoc(objectives)
    expect(resolved(shared, anchorOf(shared, objectives, 'a', 'e'))).toEqual({ state: 'anchored', text: 'Participants will cooperate.\nThey will exchange', clauseId: 'c1' })
  })

  it('shows the brackets a span opens and closes', () => {
    const shared = sharedDoc(objectives)
    expect(resolved(shared, anchorOf(shared, objectives, 'f', 'i'))).toMatchObject({ text: 'Within [30] / [60] days', clauseId: 'c2' })
    expect(resolved(shared, anchorOf(shared, objectives, 'f', 'g'))).toMatchObject({ text: 'Within [3' })
    expect(resolved(shared, anchorOf(shared, objectives, 'h', 'i'))).toMatchObject({ text: '[60] days' })
  })

  it('is detached once every character of its span is deleted, or the clause it was in', () => {
    const shared = sharedDoc(objectives)
    const words = anchorOf(shared, objectives)
    const later = anchorOf(shared, objectives, 'd', 'e')
    const { text, index } = textAt(shared, objectives, objectives.tag.a!)
    text.delete(index, 'Participants'.length)
    expect(resolved(shared, words)).toEqual({ state: 'detached', text: '', clauseId: null })
    expect(resolved(shared, later)).toMatchObject({ state: 'anchored', text: 'exchange' })
    const fragment = shared.getXmlFragment('prosemirror')
    fragment.delete(2, 1)
    expect(resolved(shared, later)).toEqual({ state: 'detached', text: '', clauseId: null })
  })

  it('is unknown while it names text the document has not received, and anchored once it has', () => {
    const shared = sharedDoc(objectives)
    const peer = copyOf(shared, 7)
    const { text, index } = textAt(peer, objectives, objectives.tag.c!)
    text.insert(index, 'closely ')
    const anchor = { from: Y.createRelativePositionFromTypeIndex(text, index), to: Y.createRelativePositionFromTypeIndex(text, index + 'closely'.length, -1) }
    expect(resolved(shared, anchor)).toBe('unknown')
    expect(refusal(() => anchorText(shared, anchor.from, anchor.to))).toEqual({ code: 'conflict', message: 'the anchor refers to text the server has not received yet; try again in a moment' })
    Y.applyUpdate(shared, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(shared)))
    expect(anchorText(shared, anchor.from, anchor.to)).toEqual({ quote: 'closely', clauseId: 'c1' })
  })
})

describe('a new comment anchor', () => {
  it('quotes its span and names its clause, none outside the clauses', () => {
    const content = doc(title('Memorandum'), preamble(recital('RECOGNISING <x>the threat<y>;'), formula('HAVE REACHED the following understanding:')), objectives.child(2))
    const quoted = (shared: Y.Doc, anchor: { from: Y.RelativePosition; to: Y.RelativePosition }) => anchorText(shared, anchor.from, anchor.to)
    const shared = sharedDoc(content)
    expect(quoted(shared, anchorOf(shared, content, 'x', 'y'))).toEqual({ quote: 'the threat', clauseId: null })
    const inClause = sharedDoc(objectives)
    expect(quoted(inClause, anchorOf(inClause, objectives))).toEqual({ quote: 'Participants', clauseId: 'c1' })
  })

  it('is refused unless it runs forward over some text', () => {
    const content = memo(clause('c1', heading('Objectives'), p('The<a> <b>Participants <c>will.')))
    const shared = sharedDoc(content)
    const backwards = { from: relativeAt(shared, content, content.tag.c!), to: relativeAt(shared, content, content.tag.b!, -1) }
    const blank = anchorOf(shared, content)
    const message = 'a comment anchors to a span of existing text: "from" must come before "to", both in the text'
    expect(refusal(() => anchorText(shared, backwards.from, backwards.to))).toEqual({ code: 'invalid', message })
    expect(refusal(() => anchorText(shared, blank.from, blank.to))).toEqual({ code: 'invalid', message })
  })
})

describe('a relative position in a request', () => {
  it('is read from the JSON Yjs writes, naming an item or a type', () => {
    const shared = sharedDoc(objectives)
    const { from } = anchorOf(shared, objectives)
    const json = JSON.parse(JSON.stringify(Y.relativePositionToJSON(from)))
    expect(Y.compareRelativePositions(readRelativePosition(json, 'from'), from)).toBe(true)
    const start = Y.createRelativePositionFromTypeIndex(textAt(shared, objectives, objectives.tag.a!).text, 0, -1)
    expect(start.type).not.toBeNull()
    expect(Y.compareRelativePositions(readRelativePosition(JSON.parse(JSON.stringify(Y.relativePositionToJSON(start))), 'to'), start)).toBe(true)
  })

  it('is refused, naming the field, when it is anything else', () => {
    const bad = [null, 'abc', [], {}, { item: { client: 1 } }, { item: { client: 1, clock: -1 } }, { item: { client: 1.5, clock: 0 } }, { item: { client: 1, clock: 2 }, assoc: 'left' }]
    for (const value of bad) {
      expect(refusal(() => readRelativePosition(value, 'from'))).toEqual({
        code: 'invalid',
        message: `field "from" must be a Yjs relative position, {"item": {"client": n, "clock": n}, "assoc": n} (got ${JSON.stringify(value)})`,
      })
    }
  })
})
