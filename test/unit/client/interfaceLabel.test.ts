import { afterEach, describe, expect, it } from 'vitest'
import { interfaceLabel } from '../../../client/src/i18n/vocabularyWords.js'
import { setInterfaceLanguage } from '../../../client/src/i18n/translator.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

afterEach(() => setInterfaceLanguage('en'))

describe('what the interface calls a clause or a part in a sentence', () => {
  const doc = mou(clause('a', 'Objectives', p('To cooperate.')), clause('b', 'Costs', p('Each bears its own.')))

  it('numbers a clause as the interface numbers it, and names a part, in the reader’s language', () => {
    expect(['b', 'title', 'preamble', 'final-provisions'].map((id) => interfaceLabel(doc, 'mou', id))).toEqual(['Paragraph 2', 'the title', 'the preamble', 'the final provisions'])
    setInterfaceLanguage('th')
    expect(['b', 'title', 'final-provisions'].map((id) => interfaceLabel(doc, 'treaty', id))).toEqual(['ข้อ 2', 'ชื่อเรื่อง', 'บทบัญญัติสุดท้าย'])
    setInterfaceLanguage('km')
    expect(interfaceLabel(doc, 'mou', 'title')).toBe('ចំណងជើង')
  })

  it('is null for a clause no longer in the text', () => {
    expect(interfaceLabel(doc, 'mou', 'gone')).toBeNull()
  })
})
