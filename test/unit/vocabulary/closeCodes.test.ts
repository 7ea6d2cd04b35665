import { describe, expect, it } from 'vitest'
import { invalid, tooMany, unauthorized } from '../../../server/vocabulary/errors.js'
import { closeFrameFor } from '../../../server/vocabulary/closeCodes.js'

describe('close frames', () => {
  it('name application codes after HTTP statuses', () => {
    expect(closeFrameFor(unauthorized('the token is not valid'))).toEqual({ code: 4401, reason: 'the token is not valid' })
    expect(closeFrameFor(tooMany('too many connections')).code).toBe(4429)
  })

  it('cut reasons to the 123 bytes the protocol allows, on a character boundary', () => {
    const { reason } = closeFrameFor(invalid('ข้อความภาษาไทย '.repeat(20)))
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123)
    expect(reason.endsWith('…')).toBe(true)
    expect(reason).not.toContain('\uFFFD')
  })
})
