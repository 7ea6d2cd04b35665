/**
 * What a Record of Discussion writes around the facts of a round, in each
 * of its languages: headings, the sentences that open and close it, a
 * clause's standing, the decisions taken, the next meeting, the blocks the
 * heads of delegation initial. English, Thai and Khmer have their own
 * words; another language is written in English words (its dates in its
 * own locale), as the originals' words are (`signingWords.ts`).
 */

type Known = 'en' | 'th' | 'km'

/** A meeting as the record names it: its title, the parties' names (the counterpart's first) and, once written in the language, its place and dates. */
export interface MeetingWords {
  title: string
  first: string
  second: string
  place: string
  from: string
  to: string
}

export interface RecordWords {
  heading: string
  /** The line under the heading: "11th Meeting between the A and the B". */
  meeting(meeting: MeetingWords): string
  /** The opening paragraph. */
  opening(meeting: MeetingWords): string
  attendance: string
  delegationOf(name: string): string
  columns: { number: string; name: string; title: string; organisation: string; role: string }
  noAttendees: string
  agenda: string
  noAgenda: string
  discussed: string
  nothingDiscussed: string
  /** A clause's standing at the close of the meeting. */
  agreed: string
  agreedAdReferendum(parties: string): string
  open: string
  removed: string
  agreedText: string
  currentText: string
  positions: string
  decisions: string
  noDecisions: string
  next: string
  nextPlanned(meeting: MeetingWords): string
  nextUnknown: string
  /** Who took a decision that no party took. */
  secretariat: string
  decision: DecisionWords
  forDelegation(name: string): string
  head: string
  name: string
  /** The closing line: where and when the record was done. */
  done(place: string, date: string): string
  page: string
  /** "A and B", of two short names. */
  and(first: string, second: string): string
}

/** A decision about a clause in words; `by` is the party (or the secretariat) that took it. */
export interface DecisionWords {
  negotiationStarted(by: string): string
  agreedAdReferendum(by: string): string
  agreed(by: string): string
  agreementWithdrawn(by: string): string
  reopenRequested(by: string): string
  reopened(by: string): string
  deleted(by: string): string
  /** A bracket resolved: its proposal ("[30] / [60]"), what was kept (null: the bracketed text went), who resolved it and who accepted that (null: nobody had to). */
  resolved(proposal: string, kept: string | null, by: string, acceptedBy: string | null): string
  /** Wording a party proposed from its drafts, as a new bracket or as its alternative in one. */
  proposed(text: string, by: string): string
  alternativeWithdrawn(text: string, by: string): string
  translationConfirmed(language: string, by: string): string
}

const words: Record<Known, RecordWords> = {
  en: {
    heading: 'RECORD OF DISCUSSION',
    meeting: ({ title, first, second }) => `${title} between the ${first} and the ${second}`,
    opening: ({ title, first, second, place, from, to }) =>
      `The ${title} between the ${first} and the ${second} was held at ${place} ${from === to ? `on ${from}` : `from ${from} to ${to}`}. The delegations attending, the agenda, the text discussed and the decisions taken are recorded below.`,
    attendance: 'Attendance',
    delegationOf: (name) => `Delegation of the ${name}`,
    columns: { number: 'No.', name: 'Name', title: 'Title', organisation: 'Organisation', role: 'Role' },
    noAttendees: 'No attendance was recorded for this delegation.',
    agenda: 'Agenda',
    noAgenda: 'No agenda was recorded.',
    discussed: 'The text discussed',
    nothingDiscussed: 'No clause of the text was changed or decided on during the meeting.',
    agreed: 'Agreed by both delegations.',
    agreedAdReferendum: (parties) => `Agreed ad referendum by ${parties}.`,
    open: 'Remains open.',
    removed: 'Deleted during the meeting.',
    agreedText: 'Agreed text:',
    currentText: 'Text as it stands:',
    positions: 'Bracketed positions:',
    decisions: 'Decisions taken',
    noDecisions: 'No decision was recorded.',
    next: 'Next meeting',
    nextPlanned: ({ title, place, from, to }) => `The ${title} will be held at ${place} ${from === to ? `on ${from}` : `from ${from} to ${to}`}.`,
    nextUnknown: 'The date and place of the next meeting will be agreed through diplomatic channels.',
    secretariat: 'the secretariat',
    decision: {
      negotiationStarted: (by) => `put under negotiation by ${by}`,
      agreedAdReferendum: (by) => `agreed ad referendum by ${by}`,
      agreed: (by) => `agreed by ${by}`,
      agreementWithdrawn: (by) => `agreement withdrawn by ${by}`,
      reopenRequested: (by) => `reopening requested by ${by}`,
      reopened: (by) => `reopened by ${by}`,
      deleted: (by) => `deleted by ${by}`,
      resolved: (proposal, kept, by, acceptedBy) => `${proposal} ${kept === null ? 'removed' : `resolved to “${kept}”`} by ${by}${acceptedBy === null ? '' : `, accepted by ${acceptedBy}`}`,
      proposed: (text, by) => `“${text}” proposed by ${by}`,
      alternativeWithdrawn: (text, by) => `“${text}” withdrawn by ${by}`,
      translationConfirmed: (language, by) => `the ${language} text confirmed by ${by}`,
    },
    forDelegation: (name) => `For the delegation of the ${name}`,
    head: 'Head of Delegation',
    name: 'Name:',
    done: (place, date) => `Done at ${place} on ${date}.`,
    page: 'Page',
    and: (first, second) => `${first} and ${second}`,
  },
  th: {
    heading: 'บันทึกการหารือ',
    meeting: ({ title, first, second }) => `${title} ระหว่าง${first}กับ${second}`,
    opening: ({ title, first, second, place, from, to }) =>
      `${title} ระหว่าง${first}กับ${second} จัดขึ้น ณ ${place} ${from === to ? `เมื่อวันที่ ${from}` : `ระหว่างวันที่ ${from} ถึงวันที่ ${to}`} คณะผู้แทนที่เข้าร่วม ระเบียบวาระ ตัวบทที่ได้หารือ และมติที่ประชุม ปรากฏตามที่บันทึกไว้ด้านล่าง`,
    attendance: 'ผู้เข้าร่วมประชุม',
    delegationOf: (name) => `คณะผู้แทน${name}`,
    columns: { number: 'ลำดับ', name: 'ชื่อ', title: 'ตำแหน่ง', organisation: 'หน่วยงาน', role: 'บทบาท' },
    noAttendees: 'ไม่มีการบันทึกรายชื่อผู้เข้าร่วมของคณะผู้แทนนี้',
    agenda: 'ระเบียบวาระการประชุม',
    noAgenda: 'ไม่มีการบันทึกระเบียบวาระ',
    discussed: 'ตัวบทที่ได้หารือ',
    nothingDiscussed: 'ไม่มีข้อใดของตัวบทที่ได้แก้ไขหรือมีมติในระหว่างการประชุม',
    agreed: 'คณะผู้แทนทั้งสองฝ่ายตกลงกันแล้ว',
    agreedAdReferendum: (parties) => `${parties}ตกลงโดยต้องได้รับความเห็นชอบขั้นสุดท้าย (ad referendum)`,
    open: 'ยังไม่ได้ข้อยุติ',
    removed: 'ถูกลบในระหว่างการประชุม',
    agreedText: 'ตัวบทที่ตกลงกัน:',
    currentText: 'ตัวบท ณ ปัจจุบัน:',
    positions: 'ท่าทีในวงเล็บ:',
    decisions: 'มติที่ประชุม',
    noDecisions: 'ไม่มีการบันทึกมติ',
    next: 'การประชุมครั้งต่อไป',
    nextPlanned: ({ title, place, from, to }) => `${title}จะจัดขึ้น ณ ${place} ${from === to ? `เมื่อวันที่ ${from}` : `ระหว่างวันที่ ${from} ถึงวันที่ ${to}`}`,
    nextUnknown: 'วันและสถานที่ของการประชุมครั้งต่อไปจะตกลงกันผ่านช่องทางการทูต',
    secretariat: 'ฝ่ายเลขานุการ',
    decision: {
      negotiationStarted: (by) => `${by}นำเข้าสู่การเจรจา`,
      agreedAdReferendum: (by) => `${by}ตกลงโดยต้องได้รับความเห็นชอบขั้นสุดท้าย`,
      agreed: (by) => `${by}ตกลง`,
      agreementWithdrawn: (by) => `${by}ถอนความตกลง`,
      reopenRequested: (by) => `${by}ขอเปิดการเจรจาใหม่`,
      reopened: (by) => `${by}เปิดการเจรจาใหม่`,
      deleted: (by) => `${by}ลบข้อนี้`,
      resolved: (proposal, kept, by, acceptedBy) => `${proposal} ${kept === null ? 'ถูกตัดออก' : `ได้ข้อยุติเป็น “${kept}”`} โดย${by}${acceptedBy === null ? '' : ` และ${acceptedBy}ยอมรับ`}`,
      proposed: (text, by) => `${by}เสนอ “${text}”`,
      alternativeWithdrawn: (text, by) => `${by}ถอนข้อเสนอ “${text}”`,
      translationConfirmed: (language, by) => `${by}ยืนยันตัวบทภาษา${language}`,
    },
    forDelegation: (name) => `สำหรับคณะผู้แทน${name}`,
    head: 'หัวหน้าคณะผู้แทน',
    name: 'ชื่อ:',
    done: (place, date) => `ทำ ณ ${place} เมื่อวันที่ ${date}`,
    page: 'หน้า',
    and: (first, second) => `${first}และ${second}`,
  },
  km: {
    heading: 'កំណត់ត្រានៃការពិភាក្សា',
    meeting: ({ title, first, second }) => `${title} រវាង${first} និង${second}`,
    opening: ({ title, first, second, place, from, to }) =>
      `${title} រវាង${first} និង${second} បានប្រព្រឹត្តទៅនៅ ${place} ${from === to ? `នាថ្ងៃទី ${from}` : `ពីថ្ងៃទី ${from} ដល់ថ្ងៃទី ${to}`}។ គណៈប្រតិភូដែលបានចូលរួម របៀបវារៈ អត្ថបទដែលបានពិភាក្សា និងសេចក្ដីសម្រេច ត្រូវបានកត់ត្រាខាងក្រោម។`,
    attendance: 'អ្នកចូលរួម',
    delegationOf: (name) => `គណៈប្រតិភូ${name}`,
    columns: { number: 'ល.រ', name: 'ឈ្មោះ', title: 'មុខតំណែង', organisation: 'អង្គភាព', role: 'តួនាទី' },
    noAttendees: 'មិនមានកត់ត្រាអ្នកចូលរួមសម្រាប់គណៈប្រតិភូនេះទេ។',
    agenda: 'របៀបវារៈ',
    noAgenda: 'មិនមានកត់ត្រារបៀបវារៈទេ។',
    discussed: 'អត្ថបទដែលបានពិភាក្សា',
    nothingDiscussed: 'គ្មានប្រការណាមួយនៃអត្ថបទត្រូវបានកែប្រែ ឬសម្រេចក្នុងអំឡុងកិច្ចប្រជុំទេ។',
    agreed: 'គណៈប្រតិភូទាំងពីរបានព្រមព្រៀងគ្នា។',
    agreedAdReferendum: (parties) => `បានព្រមព្រៀងជាបណ្ដោះអាសន្ន (ad referendum) ដោយ${parties}។`,
    open: 'នៅមិនទាន់សម្រេច។',
    removed: 'ត្រូវបានលុបក្នុងអំឡុងកិច្ចប្រជុំ។',
    agreedText: 'អត្ថបទដែលបានព្រមព្រៀង៖',
    currentText: 'អត្ថបទបច្ចុប្បន្ន៖',
    positions: 'ជំហរក្នុងវង់ក្រចក៖',
    decisions: 'សេចក្ដីសម្រេច',
    noDecisions: 'មិនមានកត់ត្រាសេចក្ដីសម្រេចទេ។',
    next: 'កិច្ចប្រជុំលើកក្រោយ',
    nextPlanned: ({ title, place, from, to }) => `${title} នឹងប្រព្រឹត្តទៅនៅ ${place} ${from === to ? `នាថ្ងៃទី ${from}` : `ពីថ្ងៃទី ${from} ដល់ថ្ងៃទី ${to}`}។`,
    nextUnknown: 'កាលបរិច្ឆេទ និងទីកន្លែងនៃកិច្ចប្រជុំលើកក្រោយ នឹងត្រូវព្រមព្រៀងតាមរយៈបណ្ដាញការទូត។',
    secretariat: 'លេខាធិការដ្ឋាន',
    decision: {
      negotiationStarted: (by) => `ដាក់ចូលការចរចាដោយ${by}`,
      agreedAdReferendum: (by) => `បានព្រមព្រៀងជាបណ្ដោះអាសន្នដោយ${by}`,
      agreed: (by) => `បានព្រមព្រៀងដោយ${by}`,
      agreementWithdrawn: (by) => `ការព្រមព្រៀងត្រូវបានដកវិញដោយ${by}`,
      reopenRequested: (by) => `ស្នើសុំបើកការចរចាឡើងវិញដោយ${by}`,
      reopened: (by) => `បានបើកការចរចាឡើងវិញដោយ${by}`,
      deleted: (by) => `ត្រូវបានលុបដោយ${by}`,
      resolved: (proposal, kept, by, acceptedBy) => `${proposal} ${kept === null ? 'ត្រូវបានដកចេញ' : `ត្រូវបានដោះស្រាយជា “${kept}”`} ដោយ${by}${acceptedBy === null ? '' : ` ដោយមានការទទួលយកពី${acceptedBy}`}`,
      proposed: (text, by) => `“${text}” ត្រូវបានស្នើដោយ${by}`,
      alternativeWithdrawn: (text, by) => `“${text}” ត្រូវបានដកវិញដោយ${by}`,
      translationConfirmed: (language, by) => `អត្ថបទជាភាសា${language}ត្រូវបានបញ្ជាក់ដោយ${by}`,
    },
    forDelegation: (name) => `សម្រាប់គណៈប្រតិភូ${name}`,
    head: 'ប្រធានគណៈប្រតិភូ',
    name: 'ឈ្មោះ៖',
    done: (place, date) => `ធ្វើនៅ ${place} នា ${date}`,
    page: 'ទំព័រ',
    and: (first, second) => `${first} និង${second}`,
  },
}

const primary = (lang: string) => lang.split('-')[0]!.toLowerCase()

/** The record's words in `lang`: its own, or English ones. */
export function recordWordsOf(lang: string): RecordWords {
  return words[primary(lang) as Known] ?? words.en
}
