import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { encodeContent, readContent } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { restoreText } from '../../../server/negotiation/restoration.js'
import { mou, p } from '../../support/mouBuilders.js'

/** A clause with its negotiation state: `[id, status, text]`, agreements as "KH,TH" when given. */
const clause = (id: string, status: string, text: string, agreedBy: string | null = null) =>
  mouSchema.node('clause', { id, status, agreedBy }, [mouSchema.node('clause_heading', null, [mouSchema.text(id.toUpperCase())]), p(text)])

const replicaOf = (content: Node) => {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, encodeContent(content))
  return doc
}

/** Each clause of `doc` as "id status text (agreements)". */
const clausesOf = (doc: Y.Doc) => {
  const content = readContent(doc)
  content.check()
  const rows: string[] = []
  content.forEach((node) => {
    if (node.type.name === 'clause') rows.push(`${node.attrs.id} ${node.attrs.status} ${node.child(1).textContent}${node.attrs.agreedBy ? ` (${node.attrs.agreedBy})` : ''}`)
  })
  return rows
}

describe('restoring an old text', () => {
  const old = mou(clause('a', 'agreed', 'Old A.', 'KH,TH'), clause('b', 'under-negotiation', 'Old B.'), clause('c', 'agreed', 'Old C.', 'KH,TH'))

  it('brings back the text, never the negotiation state: a clause agreed then and open now comes back open with its old text', () => {
    const doc = replicaOf(mou(clause('a', 'under-negotiation', 'New A.'), clause('b', 'draft', 'New B.'), clause('c', 'agreed', 'Agreed C.', 'KH,TH')))
    expect(restoreText(doc, old)).toEqual({ keptLocked: ['c'] })
    expect(clausesOf(doc)).toEqual(['a under-negotiation Old A.', 'b draft Old B.', 'c agreed Agreed C. (KH,TH)'])
  })

  it('keeps every clause locked now exactly as it is, the Yjs element included, and in its place', () => {
    const doc = replicaOf(mou(clause('c', 'agreed', 'Agreed C.', 'KH,TH'), clause('a', 'agreed-ad-referendum', 'Ad ref A.', 'KH'), clause('b', 'draft', 'New B.')))
    const [agreed, adReferendum] = doc.getXmlFragment('prosemirror').toArray().slice(2)
    restoreText(doc, old)
    expect(clausesOf(doc)).toEqual(['c agreed Agreed C. (KH,TH)', 'a agreed-ad-referendum Ad ref A. (KH)', 'b draft Old B.'])
    expect(doc.getXmlFragment('prosemirror').toArray().slice(2, 4)).toEqual([agreed, adReferendum])
  })

  it('brings a clause deleted since back as a draft, drops an open clause added since, and keeps a locked one added since', () => {
    const doc = replicaOf(mou(clause('b', 'under-negotiation', 'New B.'), clause('x', 'draft', 'Added X.'), clause('y', 'agreed', 'Agreed Y.', 'KH,TH')))
    restoreText(doc, old)
    expect(clausesOf(doc)).toEqual(['a draft Old A.', 'b under-negotiation Old B.', 'y agreed Agreed Y. (KH,TH)', 'c draft Old C.'])
  })

  it('brings back the title and preamble', () => {
    const doc = replicaOf(mouSchema.node('doc', null, [mouSchema.node('title', null, [mouSchema.text('Renamed')]), old.child(1), clause('b', 'draft', 'x')]))
    restoreText(doc, old)
    expect(readContent(doc).child(0).textContent).toBe('Memorandum of Understanding')
  })
})
