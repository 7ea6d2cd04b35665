import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkIntegration, maxNesting, MissingHistory } from '../../../server/engine/integrationCheck.js'
import { clauseIn, clientOf, edit, serverReplica } from '../../support/gateReplicas.js'

/** The update nesting `depth` paragraphs one inside the other in the first paragraph of clause c1, one element at a time, as a crafted client would. */
function nested(server: Y.Doc, depth: number): Uint8Array {
  return edit(clientOf(server), (doc) => {
    let parent = clauseIn(doc, 'c1').get(1) as Y.XmlElement
    for (let level = 0; level < depth; level++) {
      const child = new Y.XmlElement('paragraph')
      parent.insert(0, [child])
      parent = child
    }
  })
}

const verdict = (server: Y.Doc, update: Uint8Array) => {
  const refusal = checkIntegration(server.store, Y.decodeUpdate(update))
  return refusal && [refusal.code, refusal.message]
}

describe('whether an update can be integrated', () => {
  it(`lets shared types nest ${maxNesting} deep in one update (the schema judges them later), and refuses one level more`, () => {
    const server = serverReplica()
    expect(verdict(server, nested(server, maxNesting))).toBeNull()
    expect(verdict(server, nested(server, maxNesting + 1))).toEqual(['invalid', `malformed update: it nests shared types more than ${maxNesting} deep`])
  })

  it('refuses a chain 30,000 deep before anything is applied, and the same chain built across two updates by its second', () => {
    const server = serverReplica()
    expect(verdict(server, nested(server, 30_000))).toEqual(['invalid', `malformed update: it nests shared types more than ${maxNesting} deep`])
    // Nesting counted from what the document holds: the second half of a deep chain alone is refused too.
    const client = clientOf(server)
    let deepest: Y.XmlElement | null = null
    const first = edit(client, (doc) => {
      let parent = clauseIn(doc, 'c1').get(1) as Y.XmlElement
      for (let level = 0; level < 40; level++) {
        const child = new Y.XmlElement('paragraph')
        parent.insert(0, [child])
        parent = child
      }
      deepest = parent
    })
    Y.applyUpdate(server, first)
    const second = edit(client, () => {
      let parent = deepest!
      for (let level = 0; level < maxNesting + 1; level++) {
        const child = new Y.XmlElement('paragraph')
        parent.insert(0, [child])
        parent = child
      }
    })
    expect(verdict(server, second)).toEqual(['invalid', `malformed update: it nests shared types more than ${maxNesting} deep`])
  })

  it('asks for the history an update builds on when the document lacks it', () => {
    const server = serverReplica()
    const client = clientOf(server)
    edit(client, (doc) => clauseIn(doc, 'c1').insert(1, [new Y.XmlElement('paragraph')]))
    const later = edit(client, (doc) => clauseIn(doc, 'c1').insert(1, [new Y.XmlElement('paragraph')]))
    expect(checkIntegration(server.store, Y.decodeUpdate(later))).toBeInstanceOf(MissingHistory)
  })
})
