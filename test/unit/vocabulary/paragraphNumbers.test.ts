import { describe, expect, it } from 'vitest'
import { paragraphNumbers, type NumberedBlock } from '../../../server/vocabulary/paragraphNumbers.js'

const heading: NumberedBlock = { kind: 'heading' }
const plain: NumberedBlock = { kind: 'paragraph' }
const numbered: NumberedBlock = { kind: 'numbered' }
const sub: NumberedBlock = { kind: 'sub' }
const inner: NumberedBlock = { kind: 'sub', inNumbered: true }

describe('the numbers a clause’s paragraphs are cited by', () => {
  it('are the clause’s number, the paragraph’s and the sub-paragraph’s letter; a heading and a plain paragraph have none', () => {
    expect(paragraphNumbers(9, [heading, numbered, numbered, inner, inner, numbered])).toEqual(['', '9.1', '9.2', '9.2(a)', '9.2(b)', '9.3'])
    expect(paragraphNumbers(4, [heading, plain, sub, sub])).toEqual(['', '', '4(a)', '4(b)'])
  })

  it('letter a clause’s own sub-paragraphs again after a numbered paragraph with sub-paragraphs, and each run of them afresh', () => {
    expect(paragraphNumbers(2, [numbered, inner, sub, plain, sub])).toEqual(['2.1', '2.1(a)', '2(a)', '', '2(a)'])
    expect(paragraphNumbers(2, [numbered, inner, numbered, inner])).toEqual(['2.1', '2.1(a)', '2.2', '2.2(a)'])
  })

  it('are written in the language’s digits and letters', () => {
    expect(paragraphNumbers(9, [heading, numbered, numbered, inner], 'th')).toEqual(['', '๙.๑', '๙.๒', '๙.๒(ก)'])
    expect(paragraphNumbers(12, [numbered, inner], 'km')).toEqual(['១២.១', '១២.១(ក)'])
  })
})
