import { describe, expect, it } from 'vitest'
import { memo } from '../../../client/src/memo.js'

describe('memo', () => {
  it('makes a result once for each list of arguments, and again for different ones', () => {
    const made: string[] = []
    const format = memo((locale: string, options: { day: string }) => {
      made.push(`${locale} ${options.day}`)
      return { locale, options }
    })
    const first = format('th-TH', { day: 'numeric' })
    expect(format('th-TH', { day: 'numeric' })).toBe(first)
    expect(format('km-KH', { day: 'numeric' })).not.toBe(first)
    expect(format('th-TH', { day: '2-digit' })).not.toBe(first)
    expect(made).toEqual(['th-TH numeric', 'km-KH numeric', 'th-TH 2-digit'])
  })

  it('keeps a null or undefined result as well, without making it again', () => {
    let calls = 0
    const nothing = memo((lang: string) => {
      calls++
      return lang === 'xx' ? null : undefined
    })
    expect(nothing('xx')).toBeNull()
    expect(nothing('xx')).toBeNull()
    expect(nothing('yy')).toBeUndefined()
    expect(nothing('yy')).toBeUndefined()
    expect(calls).toBe(2)
  })
})
