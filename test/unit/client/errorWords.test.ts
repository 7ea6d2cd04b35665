import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../client/src/api.js'
import { errorText, reasonOf } from '../../../client/src/i18n/errorWords.js'
import { setInterfaceLanguage } from '../../../client/src/i18n/translator.js'

afterEach(() => setInterfaceLanguage('en'))

describe('errors in words', () => {
  it('gives a server refusal as its summary and the server’s own words', () => {
    const refusal = new ApiError(409, 'conflict', 'clause 6 is agreed: its text is locked')
    expect(errorText(refusal)).toContain('clause 6 is agreed: its text is locked')
    expect(reasonOf(refusal)).toBe('clause 6 is agreed: its text is locked')
  })

  it('says that the server could not be reached, or did not answer in time, in the interface’s language', () => {
    // What fetch rejects with: a TypeError when nothing answers, a TimeoutError when the Api's patience runs out.
    const unreachable = new TypeError('Failed to fetch')
    const unanswered = new DOMException('signal timed out', 'TimeoutError')
    expect(reasonOf(unreachable)).toBe('The server cannot be reached; try again in a moment.')
    expect(reasonOf(unanswered)).toBe('The server did not answer in time; try again in a moment.')
    setInterfaceLanguage('th')
    expect(reasonOf(unanswered)).toBe('เซิร์ฟเวอร์ไม่ตอบกลับภายในเวลาที่กำหนด โปรดลองอีกครั้งในอีกสักครู่')
    setInterfaceLanguage('km')
    expect(reasonOf(unanswered)).not.toContain('server')
  })
})
