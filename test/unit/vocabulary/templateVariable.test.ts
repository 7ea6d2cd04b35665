import { describe, expect, it } from 'vitest'
import { checkValue, describeValue } from '../../../server/vocabulary/templateVariable.js'

describe('a template variable’s value', () => {
  it('is a whole number of at most nine digits for an integer, written or given as one', () => {
    for (const value of [30, '30', '-4', 0, '999999999']) expect(checkValue('integer', value)).toBeNull()
    expect(checkValue('integer', 'thirty')).toBe('must be a whole number (got "thirty")')
    expect(checkValue('integer', 2.5)).toBe('must be a whole number (got 2.5)')
    expect(checkValue('integer', '1'.repeat(10))).toBe('must be a whole number of at most 9 digits (got "1111111111")')
    expect(checkValue('integer', 1e21)).toBe('must be a whole number (got 1e+21)')
    expect(checkValue('integer', '9'.repeat(5000))).toBe('must be a whole number of at most 9 digits (got text of 5000 characters)')
  })

  it('is a day of the calendar written YYYY-MM-DD for a date', () => {
    expect(checkValue('date', '2027-03-15')).toBeNull()
    expect(checkValue('date', '2028-02-29')).toBeNull()
    for (const value of ['2027-02-30', '2027-02-29', '15 March 2027', '2027-3-15', 20270315]) {
      expect(checkValue('date', value)).toMatch(/^must be a date written YYYY-MM-DD \(got .+\)$/)
    }
  })

  it('is words on one line of 1 to 500 characters for a string, and never shows the whole of a long one back', () => {
    expect(checkValue('string', 'Phnom Penh')).toBeNull()
    expect(checkValue('string', 12)).toBeNull()
    expect(checkValue('string', 'x'.repeat(500))).toBeNull()
    expect(checkValue('string', 'x'.repeat(501))).toBe('must be text of 1 to 500 characters (got text of 501 characters)')
    expect(checkValue('string', '   ')).toBe('must be text of 1 to 500 characters (got "   ")')
    expect(checkValue('string', ['a'])).toBe('must be text of 1 to 500 characters (got a list)')
    for (const value of ['two\nlines', 'a\u0000b', 'tab\there', 'a\u2028b', 'half \ud800 a pair']) {
      expect(checkValue('string', value)).toMatch(/^must be words on one line, without control characters \(got .+\)$/)
    }
  })

  it('is described in messages briefly, whatever was sent', () => {
    expect([describeValue('short'), describeValue('y'.repeat(41)), describeValue(null), describeValue({ a: 1 }), describeValue(true)]).toEqual([
      '"short"',
      'text of 41 characters',
      'null',
      'an object',
      'boolean true',
    ])
  })
})
