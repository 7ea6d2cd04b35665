import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, apiErrorOf } from '../../../client/src/api.js'
import { errorText, reasonOf } from '../../../client/src/i18n/errorWords.js'
import { sayWords } from '../../../client/src/i18n/serverWords.js'
import { refusal } from '../../../server/vocabulary/refusal.js'
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

  it('says a refusal the server sent in words in the reader’s language, its codes named there too, its data as it is', () => {
    const locked = refusal('refusal.text.partLocked', { part: 'preamble', status: 'agreed-ad-referendum' })
    const unconfirmed = new ApiError(409, 'conflict', 'clause c7 cannot be agreed until its text in every language is confirmed: th and km', refusal('refusal.status.translationsOpen', { clause: 'c7', languages: ['th', 'km'] }))
    expect(sayWords(locked)).toBe('the preamble is agreed ad referendum: its text is locked and the change was not applied')
    expect(reasonOf(unconfirmed)).toBe('clause c7 cannot be agreed until its text in every language is confirmed: Thai and Khmer')
    setInterfaceLanguage('th')
    expect(sayWords(locked)).toBe('อารัมภบทมีสถานะตกลงแบบ ad referendum ข้อความจึงถูกล็อกและการแก้ไขนี้ไม่ได้รับการบันทึก')
    expect(errorText(unconfirmed)).toMatch(/^.+: ข้อ c7 จะตกลงได้เมื่อข้อความในทุกภาษาได้รับการยืนยันแล้วเท่านั้น ยังไม่ยืนยัน: ภาษาไทย และ ภาษาเขมร$/)
    setInterfaceLanguage('km')
    const asked = refusal('refusal.bracket.alreadyAsked', { asker: null, keep: 'one', kept: '60', bracket: 'b2' })
    expect(sayWords(asked)).toBe('លេខាធិការដ្ឋាន បានស្នើសុំរក្សា “60”នៅក្នុងវង់ក្រចក b2 រួចហើយ៖ សូមទទួលយក បដិសេធ ឬលុបចោលសំណើនោះជាមុនសិន')
    expect(sayWords(asked)).not.toMatch(/[A-Za-z]{3,}/)
  })

  it('says why a page, a session or a passkey opens nothing, and why a clause is not deleted, in Thai and Khmer', () => {
    const ended = apiErrorOf(401, { error: { code: 'unauthorized', message: "this page's session has ended; open the link you were sent again", words: refusal('refusal.session.pageEnded') } }, 'x')
    const unverified = refusal('refusal.passkey.notVerified', { detail: 'none' })
    const agreed = refusal('refusal.clause.deleteAgreed', { clause: 'ข้อ ๖', agreement: 'agreed-ad-referendum' })
    expect(reasonOf(ended)).toBe("this page's session has ended; open the link you were sent again")
    expect(sayWords(unverified)).toBe('the passkey could not be verified')
    expect(sayWords(refusal('refusal.passkey.notVerified', { detail: 'unexpected origin' }))).toBe('the passkey could not be verified: unexpected origin')
    setInterfaceLanguage('th')
    expect(reasonOf(ended)).toBe('เซสชันของหน้านี้สิ้นสุดแล้ว โปรดเปิดลิงก์ที่ท่านได้รับอีกครั้ง')
    expect(sayWords(unverified)).toBe('ตรวจสอบพาสคีย์ไม่ได้')
    expect(sayWords(agreed)).toBe('ข้อ ๖ ได้รับการตกลงแบบ ad referendum แล้ว โปรดถอนความตกลงก่อนลบ')
    // A moment in the reader's way of writing dates, unambiguous: never the ISO string the server's English keeps.
    const revoked = refusal('refusal.member.revoked', { member: 'm_1', at: '2026-12-03T07:05:00.000Z' })
    expect(sayWords(revoked)).not.toContain('2026-12-03T')
    expect(sayWords(revoked)).toContain('2569')
        // What keeps a revision from signature: the sentence in Thai, its lists as the text reads them.
    const notReady = refusal('refusal.signing.openItems', { revision: 4, brackets: 1, bracketList: '[30] / [60] (TH, ข้อ ๘)', parts: 2, partList: [['ข้อ ๑', 'draft'], ['ข้อ ๒ “ค่าใช้จ่าย”', 'under-negotiation']] })
    expect(sayWords(notReady)).toBe(`ฉบับแก้ไขที่ 4 ยังไม่พร้อมสำหรับการลงนาม: ข้อเสนอในวงเล็บ 1 รายการ: [30] / [60] (TH, ข้อ ๘) และ ส่วนที่ยังไม่ได้ตกลง 2 ส่วน: ข้อ ๑ (ร่าง); ข้อ ๒ “ค่าใช้จ่าย” (อยู่ระหว่างการเจรจา)`)
    expect(sayWords(notReady)).not.toMatch(/draft|under-negotiation/)
    setInterfaceLanguage('km')
    expect(reasonOf(ended)).not.toMatch(/[A-Za-z]{3,}/)
    expect(sayWords(refusal('refusal.signIn.tooMany', { seconds: 42 }))).toBe('មានការព្យាយាមចូលច្រើនពេកពីអាសយដ្ឋាននេះ៖ សូមព្យាយាមម្តងទៀតក្នុងរយៈពេល 42 វិនាទី')
  })

  it('falls back to the server’s English when its words are not ones this page knows', () => {
    const unknown = new ApiError(409, 'conflict', 'something new', null)
    setInterfaceLanguage('th')
    expect(reasonOf(unknown)).toBe('something new')
  })

  it('reads an error answer whole, its words only when they are words this page knows', () => {
    const expired = apiErrorOf(403, { error: { code: 'forbidden', message: 'this invitation has expired; ask whoever invited you for a new one', words: { key: 'refusal.invitation.expired', values: {} } } }, 'failed')
    setInterfaceLanguage('km')
    expect(reasonOf(expired)).toBe('ការអញ្ជើញនេះផុតកំណត់ហើយ៖ សូមស្នើសុំការអញ្ជើញថ្មីពីអ្នកដែលបានអញ្ជើញអ្នក')
    const forged = apiErrorOf(409, { error: { code: 'conflict', message: 'as the server said', words: { key: 'toString', values: {} } } }, 'failed')
    expect([forged.code, reasonOf(forged)]).toEqual(['conflict', 'as the server said'])
    const bare = apiErrorOf(502, '<html>Bad gateway</html>', 'POST /api/x failed (502)')
    expect([bare.status, bare.code, bare.message, bare.words]).toEqual([502, 'error', 'POST /api/x failed (502)', null])
  })
})
