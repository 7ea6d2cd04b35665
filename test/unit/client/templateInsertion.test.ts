import { describe, expect, it } from 'vitest'
import { clauseFromTemplate, variableFields, variableValues } from '../../../client/src/templateInsertion.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

/** `clause(…)` drafted from the template `templateId`. */
const drafted = (templateId: string, ...args: Parameters<typeof clause>) => {
  const node = clause(...args)
  return mouSchema.node('clause', { ...node.attrs, templateId }, node.content)
}

const entryIntoEffect = [
  { name: 'duration.years', type: 'integer', default: 5, description: 'Length in years of the initial term.' },
  { name: 'noticeDays', type: 'integer', default: 90, description: 'Days of prior written notice.' },
  { name: 'signedOn', type: 'date', default: null, description: 'The date of signature.' },
  { name: 'venue', type: 'string', default: 'Bangkok', description: 'Where the meetings are held.' },
]

describe('the form before a template is inserted', () => {
  it('has a field per variable, in order, with its default, its meaning and an input that fits its type', () => {
    expect(variableFields(entryIntoEffect)).toEqual([
      { name: 'duration.years', type: 'integer', description: 'Length in years of the initial term.', initial: '5', inputType: 'number', maxLength: 10 },
      { name: 'noticeDays', type: 'integer', description: 'Days of prior written notice.', initial: '90', inputType: 'number', maxLength: 10 },
      { name: 'signedOn', type: 'date', description: 'The date of signature.', initial: '', inputType: 'date', maxLength: 10 },
      { name: 'venue', type: 'string', description: 'Where the meetings are held.', initial: 'Bangkok', inputType: 'text', maxLength: 500 },
    ])
    expect(variableFields([])).toEqual([])
    expect(() => variableFields([{ name: 'x', type: 'colour', default: null, description: 'A colour.' }])).toThrow(RangeError)
  })

  it('sends the values as typed, trimmed, or says what is wrong with each field in the server’s words', () => {
    const fields = variableFields(entryIntoEffect)
    const typed = (values: Record<string, string>) => variableValues(fields, (name) => values[name] ?? '')
    expect(typed({ 'duration.years': ' 3 ', noticeDays: '60', signedOn: '2027-03-15', venue: 'Phnom Penh' })).toEqual({
      values: { 'duration.years': '3', noticeDays: '60', signedOn: '2027-03-15', venue: 'Phnom Penh' },
      problems: [],
    })
    expect(typed({ 'duration.years': 'three', noticeDays: '1234567890', signedOn: '2027-02-30', venue: '' })).toEqual({
      values: null,
      problems: [
        { name: 'duration.years', message: 'must be a whole number (got "three")' },
        { name: 'noticeDays', message: 'must be a whole number of at most 9 digits (got "1234567890")' },
        { name: 'signedOn', message: 'must be a date written YYYY-MM-DD (got "2027-02-30")' },
        { name: 'venue', message: 'must be text of 1 to 500 characters (got "")' },
      ],
    })
  })
})

describe('a template’s clause already in the text', () => {
  const doc = mou(clause('c1', 'Objectives', p('one')), drafted('costs', 'c2', 'Costs', p('two')), drafted('costs', 'c3', 'Costs again', p('three')))

  it('is found with its label now (the first, when there are several)', () => {
    expect(clauseFromTemplate(doc, 'costs', 'mou')).toEqual({ id: 'c2', label: 'Paragraph 2' })
    expect(clauseFromTemplate(doc, 'costs', 'treaty')).toEqual({ id: 'c2', label: 'Article 2' })
  })

  it('is not found for a template no clause was drafted from', () => {
    expect(clauseFromTemplate(doc, 'amendment', 'mou')).toBeNull()
  })
})
