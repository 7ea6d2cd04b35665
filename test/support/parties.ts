/**
 * The two parties of the tests, as the server records them: named in
 * English (the working language) and in Thai and Khmer, each with its State.
 */

import type { PartyRecord } from '../../server/vocabulary/document.js'
import { partyNamer, type PartyNamer } from '../../server/vocabulary/partyReference.js'

export const dsi: PartyRecord = {
  code: 'TH',
  name: 'Department of Special Investigation, Ministry of Justice of the Kingdom of Thailand',
  shortName: 'DSI',
  state: 'Kingdom of Thailand',
  position: 0,
  language: 'th',
  names: {
    th: { name: 'กรมสอบสวนคดีพิเศษ กระทรวงยุติธรรม แห่งราชอาณาจักรไทย', shortName: 'ดีเอสไอ', state: 'ราชอาณาจักรไทย' },
    km: { name: 'នាយកដ្ឋានស៊ើបអង្កេតករណីពិសេស នៃក្រសួងយុត្តិធម៌ ព្រះរាជាណាចក្រថៃ', shortName: 'DSI', state: 'ព្រះរាជាណាចក្រថៃ' },
  },
}

export const cnp: PartyRecord = {
  code: 'KH',
  name: 'Cambodian National Police',
  shortName: 'CNP',
  state: 'Kingdom of Cambodia',
  position: 1,
  language: 'km',
  names: {
    th: { name: 'สำนักงานตำรวจแห่งชาติกัมพูชา', shortName: 'CNP', state: 'ราชอาณาจักรกัมพูชา' },
    km: { name: 'នគរបាលជាតិកម្ពុជា', shortName: 'CNP', state: 'ព្រះរាជាណាចក្រកម្ពុជា' },
  },
}

export const testParties: readonly PartyRecord[] = [dsi, cnp]

/** How the test parties' references read in `lang` (English by default), the DSI first. */
export const nameParties = (lang = 'en'): PartyNamer => partyNamer(testParties, lang)
