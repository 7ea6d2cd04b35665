import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { isLongText, longTextBlocks, longTextPlugin } from '../../../client/src/editor/longText.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'

/** A document of a title and `clauses` clauses of one paragraph each. */
function documentOf(clauses: number) {
  const { nodes } = mouSchema
  const clause = (n: number) => nodes.clause!.create({ id: `c${n}` }, [nodes.clause_heading!.create(null, mouSchema.text(`Clause ${n}`)), nodes.paragraph!.create(null, mouSchema.text('Words.'))])
  return nodes.doc!.create(null, [nodes.title!.create(null, mouSchema.text('A long MOU')), ...Array.from({ length: clauses }, (_, n) => clause(n))])
}

describe('a long text', () => {
  it('is one of at least longTextBlocks blocks, and only then is its editor marked data-long', () => {
    const plugin = longTextPlugin()
    const attributes = (blocks: number) => {
      const state = EditorState.create({ doc: documentOf(blocks - 1), plugins: [plugin] })
      return (plugin.props.attributes as (state: EditorState) => Record<string, string>)(state)
    }
    expect(isLongText(documentOf(longTextBlocks - 2))).toBe(false)
    expect(isLongText(documentOf(longTextBlocks - 1))).toBe(true)
    expect(attributes(longTextBlocks - 1)).toEqual({})
    expect(attributes(longTextBlocks)).toEqual({ 'data-long': 'true' })
  })
})
