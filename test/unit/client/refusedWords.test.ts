import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { unsentWords } from '../../../client/src/refusedWords.js'
import { UnsentChanges } from '../../../client/src/unsentChanges.js'
import { clauseById, clauseTexts } from '../../support/clauseEditing.js'
import { copyOf, sharedDoc } from '../../support/docBuilders.js'
import { clause, mou, np } from '../../support/mouBuilders.js'

/** The server's document and a page's copy of it, the page's own changes noted as it makes them. */
function pageOf(server: Y.Doc) {
  const page = copyOf(server, 77)
  const unsent = new UnsentChanges()
  page.on('update', (update: Uint8Array) => unsent.madeHere(update))
  const fragment = page.getXmlFragment('prosemirror')
  return { page, unsent, textOf: (id: string, index = 0) => clauseTexts(clauseById(fragment, id))[index]! }
}

describe('the words a refusal would take away', () => {
  const server = sharedDoc(mou(clause('a', 'Objectives', np('See below.')), clause('b', 'Requests', np('In writing.')), clause('c', 'Costs', np('Each bears its own.'))))

  it('are the paragraphs holding words typed on the page and not sent, whole, clause by clause, by heading', () => {
    const { page, unsent, textOf } = pageOf(server)
    textOf('b').insert(0, 'Only ')
    textOf('b').insert(textOf('b').length, ' At once')
    textOf('c').insert(5, 'Party ')
    textOf('c').delete(0, 4)
    expect(unsentWords(page, unsent.kept())).toEqual([
      { part: null, heading: 'Requests', paragraphs: ['Only In writing. At once'] },
      { part: null, heading: 'Costs', paragraphs: ['Party bears its own.'] },
    ])
  })

  it('leave out what the server holds, what was typed and deleted again, and a clause only deleted from', () => {
    const { page, unsent, textOf } = pageOf(server)
    textOf('a').insert(0, 'Sent ')
    // The server holds the first change: its words are no longer at risk.
    unsent.serverHasClocks(Y.decodeStateVector(Y.encodeStateVector(page)))
    textOf('a').insert(0, 'typo')
    textOf('a').delete(0, 4)
    textOf('c').delete(0, 5)
    expect(unsentWords(page, unsent.kept())).toEqual([])
  })
})
