/**
 * What a signing original writes around the negotiated text, in each of
 * its languages: the testimonium ("Done at Bangkok on 15 March 2027, in two
 * originals, each in the Khmer, Thai and English languages …"), the
 * signature blocks' words, the footer's page word, and the names of the
 * languages. English, Thai and Khmer have their own words here; another
 * language is written in English words (its dates and numbers in its own
 * locale), as numbering does.
 *
 * Thai dates are in the Buddhist era with Thai digits, as Thai official
 * documents write them ("๑๕ มีนาคม ๒๕๗๐"); Khmer dates in Khmer digits.
 */

import type { InstrumentStyle } from '../vocabulary/document.js'

type Known = 'en' | 'th' | 'km'

interface Words {
  /** The heading over a party's signature: "For the …". */
  forParty(name: string): string
  name: string
  title: string
  page: string
  initials: string
  /** The name of a language in this one ("Thai", "ภาษาไทย" is written by `languageList`). */
  languages: Record<string, string>
  /** "A, B and C" of language names already in this language. */
  languageList(names: readonly string[]): string
  /** The testimonium. */
  testimonium(facts: TestimoniumFacts): string
  /** The date's locale (a blank when none is set). */
  dateLocale: string
}

export interface TestimoniumFacts {
  style: InstrumentStyle
  place: string | null
  date: string | null
  originals: number
  /** The names of the languages, in this language, in the alternat's order. */
  languages: string
  /** The prevailing language's name in this language, or null. */
  prevailing: string | null
}

const blank = '____________'

/** Thai and Khmer lists of languages: each name after the word for language, the last after "and" ("ภาษาเขมร ภาษาไทย และภาษาอังกฤษ"). */
const listed =
  (language: string, and: string) =>
  (names: readonly string[]): string => {
    const each = names.map((name) => `${language}${name}`)
    return each.length < 2 ? each.join('') : `${each.slice(0, -1).join(' ')} ${and}${each.at(-1)}`
  }
const englishNumbers = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']

const words: Record<Known, Words> = {
  en: {
    forParty: (name) => `For the ${name}`,
    name: 'Name:',
    title: 'Title:',
    page: 'Page',
    initials: 'Initials',
    languages: { en: 'English', th: 'Thai', km: 'Khmer' },
    languageList: (names) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`),
    testimonium: ({ style, place, date, originals, languages, prevailing }) =>
      `Done at ${place ?? blank} on ${date ?? blank}, in ${englishNumbers[originals - 1] ?? originals} original${originals === 1 ? '' : 's'}, ` +
      `${originals === 1 ? '' : 'each '}in the ${languages} languages, all texts being equally ${style === 'treaty' ? 'authentic' : 'valid'}.` +
      (prevailing ? ` In case of any divergence of interpretation, the ${prevailing} text ${style === 'treaty' ? 'shall' : 'will'} prevail.` : ''),
    dateLocale: 'en-GB',
  },
  th: {
    forParty: (name) => `สำหรับ${name}`,
    name: 'ชื่อ:',
    title: 'ตำแหน่ง:',
    page: 'หน้า',
    initials: 'ลงชื่อย่อ',
    languages: { en: 'อังกฤษ', th: 'ไทย', km: 'เขมร' },
    languageList: listed('ภาษา', 'และ'),
    testimonium: ({ style, place, date, originals, languages, prevailing }) =>
      `ทำ ณ ${place ?? blank} เมื่อวันที่ ${date ?? blank} เป็นต้นฉบับ ${thaiDigits(originals)} ชุด เป็น${languages} ` +
      `ทุกฉบับ${style === 'treaty' ? 'มีความถูกต้องเท่าเทียมกัน' : 'ใช้ได้เท่าเทียมกัน'}` +
      (prevailing ? ` ในกรณีที่มีความแตกต่างในการตีความ ให้ใช้ตัวบทภาษา${prevailing}เป็นหลัก` : ''),
    dateLocale: 'th-TH-u-nu-thai',
  },
  km: {
    forParty: (name) => `សម្រាប់${name}`,
    name: 'ឈ្មោះ៖',
    title: 'មុខតំណែង៖',
    page: 'ទំព័រ',
    initials: 'ហត្ថលេខាតូច',
    languages: { en: 'អង់គ្លេស', th: 'ថៃ', km: 'ខ្មែរ' },
    languageList: listed('ភាសា', 'និង'),
    testimonium: ({ style, place, date, originals, languages, prevailing }) =>
      `ធ្វើនៅ ${place ?? blank} នា ${date ?? blank} ជា ${khmerDigits(originals)} ច្បាប់ដើម ជា${languages} ` +
      `ដោយអត្ថបទទាំងអស់${style === 'treaty' ? 'ជាអត្ថបទដើមដែលមានតម្លៃស្មើៗគ្នា' : 'មានសុពលភាពស្មើៗគ្នា'}។` +
      (prevailing ? ` ក្នុងករណីមានការបកស្រាយខុសគ្នា អត្ថបទជាភាសា${prevailing}ត្រូវយកជាគោល។` : ''),
    dateLocale: 'km-KH-u-nu-khmr',
  },
}

const digitsFrom = (zero: number) => (value: number) => String(value).replace(/\d/g, (digit) => String.fromCodePoint(zero + Number(digit)))
const thaiDigits = digitsFrom(0x0e50)
const khmerDigits = digitsFrom(0x17e0)

const primary = (lang: string) => lang.split('-')[0]!.toLowerCase()

/** The words of `lang`: its own, or English ones. */
export function wordsOf(lang: string): Words {
  return words[primary(lang) as Known] ?? words.en
}

/** What `lang` calls the language `other`: from the table, or the platform's name, or the tag. */
export function languageNameIn(lang: string, other: string): string {
  const own = wordsOf(lang).languages[primary(other)]
  if (own) return own
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(other) ?? other
  } catch {
    return other
  }
}

/** A date of signature (YYYY-MM-DD) as `lang` writes it, or null for none. */
export function signingDateIn(lang: string, date: string | null): string | null {
  if (date === null) return null
  const own = words[primary(lang) as Known]
  return new Intl.DateTimeFormat(own ? own.dateLocale : lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
}

/** The testimonium of a text in `lang`, the languages (codes) in the alternat's order. */
export function testimoniumIn(
  lang: string,
  facts: { style: InstrumentStyle; place: string | null; date: string | null; originals: number; languages: readonly string[]; prevailing: string | null },
): string {
  const own = wordsOf(lang)
  return own.testimonium({
    style: facts.style,
    place: facts.place,
    date: signingDateIn(lang, facts.date),
    originals: facts.originals,
    languages: own.languageList(facts.languages.map((code) => languageNameIn(lang, code))),
    prevailing: facts.prevailing === null ? null : languageNameIn(lang, facts.prevailing),
  })
}
