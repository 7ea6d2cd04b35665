import { describe, expect, it } from 'vitest'
import { clauseLabelOf, languageOfText, numberValue, opensAsRecital, opensFinalProvisions, readsAsClosingFormula, readsAsTestimonium, typedNumberOf, writtenReferences } from '../../../server/import/draftCues.js'
import { formatNumber } from '../../../server/import/wordNumbering.js'

describe('what the words of a draft tell', () => {
  it('tells a text’s language by its script', () => {
    expect(['The Participants', 'ผู้เข้าร่วม', 'ភាគី', 'ข้อ ๑ Article 1 (Thai)', '1.', ''].map(languageOfText)).toEqual(['en', 'th', 'km', 'en', null, null])
  })

  it('reads numbers in Western, Thai and Khmer digits and Roman numerals', () => {
    expect(['12', '๑๒', '១២', 'XIV', 'iv', 'IIII', 'x1'].map(numberValue)).toEqual([12, 12, 12, 14, 4, null, null])
  })

  it('finds a clause label, with the title after it and whether a dash or colon sets it apart', () => {
    expect(clauseLabelOf('Article 3 – Confidentiality')).toEqual({ word: 'Article', written: '3', value: 3, rest: 'Confidentiality', separated: true })
    expect(clauseLabelOf('ARTICLE III')).toMatchObject({ value: 3, rest: '' })
    expect(clauseLabelOf('ข้อ ๓ การรักษาความลับ')).toMatchObject({ word: 'ข้อ', value: 3, rest: 'การรักษาความลับ', separated: false })
    expect(clauseLabelOf('ប្រការ ១២')).toMatchObject({ value: 12, rest: '' })
    expect(clauseLabelOf('Paragraph 3 of this Memorandum applies.')).toMatchObject({ value: 3, rest: 'of this Memorandum applies.', separated: false })
    expect([clauseLabelOf('Articles of faith'), clauseLabelOf('ข้อตกลงนี้'), clauseLabelOf('Article 0')]).toEqual([null, null, null])
  })

  it('takes off the numbers typed before a paragraph, a letter only in its brackets', () => {
    const typed = (text: string) => {
      const found = typedNumberOf(text)
      return found && [found.written, found.kind, found.value, found.letterValue, found.romanValue, text.slice(found.length)]
    }
    expect(['1. Text', '2) Text', '(3) Text', '9.2 Text', '(a) Text', 'b) Text', '(iv) Text', '(i) Text', '(v) Text', '๑. ข้อความ', '(ก) ข้อความ', '(ខ) អត្ថបទ'].map(typed)).toEqual([
      ['1.', 'number', 1, null, null, 'Text'],
      ['2)', 'number', 2, null, null, 'Text'],
      ['(3)', 'number', 3, null, null, 'Text'],
      ['9.2', 'number', 2, null, null, 'Text'],
      ['(a)', 'letter', 1, 1, null, 'Text'],
      ['b)', 'letter', 2, 2, null, 'Text'],
      ['(iv)', 'roman', 4, null, 4, 'Text'],
      ['(i)', 'roman', 1, 9, 1, 'Text'],
      ['(v)', 'letter', 22, 22, 5, 'Text'],
      ['๑.', 'number', 1, null, null, 'ข้อความ'],
      ['(ก)', 'letter', 1, 1, null, 'ข้อความ'],
      ['(ខ)', 'letter', 2, 2, null, 'អត្ថបទ'],
    ])
    expect(['a. Introduction', 'Text', '(a', '1,5 million'].map(typedNumberOf)).toEqual([null, null, null, null])
  })

  it('knows the openings of recitals, the closing formula, the final provisions and the testimonium', () => {
    expect(['RECOGNIZING the need', 'Desiring to cooperate', 'ตระหนักถึง', 'ដោយទទួលស្គាល់', 'The Parties will'].map(opensAsRecital)).toEqual([true, true, true, true, false])
    expect(['HAVE AGREED as follows:', 'Have reached the following understanding:', 'ได้ตกลงกันดังต่อไปนี้', 'បានព្រមព្រៀងគ្នាដូចតទៅ៖', 'The Parties agreed to meet.'].map(readsAsClosingFormula)).toEqual([true, true, true, true, false])
    expect(['IN WITNESS WHEREOF, the undersigned', 'เพื่อเป็นพยานแก่การนี้', 'In witness of the crime'].map(opensFinalProvisions)).toEqual([true, true, false])
    expect(['Done at Bangkok on', 'ทำ ณ กรุงเทพ', 'ធ្វើនៅ ភ្នំពេញ', 'Donations are'].map(readsAsTestimonium)).toEqual([true, true, true, false])
  })

  it('finds references written as text, Thai and Khmer ones inside a run of words, not “paragraph 2” nor “Article 8.2”', () => {
    const words = new Set(['Article', 'Paragraph', 'ข้อ', 'ប្រការ', 'មាត្រា'])
    const found = (text: string) => writtenReferences(text, words).map((reference) => [reference.written, reference.value, text.slice(reference.index, reference.index + reference.length)])
    expect(found('under Article 8 and Paragraph 12, not paragraph 2 nor Article 8.2')).toEqual([
      ['Article 8', 8, 'Article 8'],
      ['Paragraph 12', 12, 'Paragraph 12'],
    ])
    expect(found('คำร้องขอตามข้อ ๑ และข้อ 2')).toEqual([['ข้อ ๑', 1, 'ข้อ ๑'], ['ข้อ 2', 2, 'ข้อ 2']])
    expect(found('យោងតាមប្រការ ៣')).toEqual([['ប្រការ ៣', 3, 'ប្រការ ៣']])
    expect(found('Subarticle 3')).toEqual([])
  })

  it('writes a number as Word does in each format', () => {
    expect([formatNumber(3, 'decimal'), formatNumber(28, 'lowerLetter'), formatNumber(2, 'upperLetter'), formatNumber(14, 'lowerRoman'), formatNumber(12, 'thaiNumbers'), formatNumber(3, 'thaiLetters'), formatNumber(7, 'decimalZero')]).toEqual(['3', 'bb', 'B', 'xiv', '๑๒', 'ค', '07'])
  })
})
