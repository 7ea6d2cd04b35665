/**
 * Word's automatic numbering, as a reader of the file sees it: the
 * numbering instances (`w:num`) of the numbering part, each pointing at an
 * abstract definition (`w:abstractNum`) whose levels say how their numbers
 * are written (`w:numFmt`: decimal, lowerLetter, lowerRoman, thaiNumbers…),
 * around what text (`w:lvlText`: "%1.", "(%2)", "Article %1") and from which
 * value (`w:start`), with an instance's `w:lvlOverride`/`w:startOverride`
 * restarting a level. `NumberingCounter` counts the paragraphs as they come
 * and gives each its number as Word would show it.
 *
 * As in Word, instances of one abstract definition continue one list
 * unless an instance overrides a level's start: then that level starts
 * again where the instance is first used.
 */

import type { Document } from '@xmldom/xmldom'
import { childElement, childElements, childValue, wordAttribute } from './wordXml.js'

/** How a level writes its numbers. */
export type NumberKind = 'number' | 'letter' | 'roman' | 'bullet' | 'none'

/** A level of a list. */
export interface NumberingLevel {
  /** 0 to 8. */
  level: number
  /** Word's format name ("decimal", "lowerLetter", "thaiNumbers"…). */
  format: string
  kind: NumberKind
  /** The text around the numbers ("%1.", "(%2)"). */
  text: string
  start: number
  /** The paragraph style tied to the level, or null. */
  style: string | null
  /** Whether numbers of every level are written in Western digits ("legal" numbering). */
  legal: boolean
}

/** A paragraph's number, as Word shows it. */
export interface ParagraphNumber {
  /** "3.", "(b)", "Article 2"; "" for a bullet or a level with no text. */
  label: string
  level: NumberingLevel
  /** The numbering instance (`w:numId`). */
  numId: string
}

interface Instance {
  abstractId: string
  /** Start values that restart a level when the instance is first used, by level. */
  overrides: Map<number, number>
}

/** Most levels a list has. */
const levelCount = 9

export class WordNumbering {
  private readonly abstracts = new Map<string, NumberingLevel[]>()
  private readonly instances = new Map<string, Instance>()

  /** The definitions of `numbering` (a `numbering.xml` part; null: a file with none). */
  constructor(numbering: Document | null) {
    const root = numbering?.documentElement ?? null
    if (root === null) return
    for (const abstract of childElements(root, 'abstractNum')) {
      const id = wordAttribute(abstract, 'abstractNumId')
      if (id === null) continue
      const levels: NumberingLevel[] = []
      for (const element of childElements(abstract, 'lvl')) {
        const level = Number(wordAttribute(element, 'ilvl'))
        if (!Number.isInteger(level) || level < 0 || level >= levelCount) continue
        const format = childValue(element, 'numFmt') ?? 'decimal'
        levels[level] = {
          level,
          format,
          kind: kindOf(format),
          text: childValue(element, 'lvlText') ?? '',
          start: wholeNumber(childValue(element, 'start'), 1),
          style: childValue(element, 'pStyle'),
          legal: childElement(element, 'isLgl') !== null && wordAttribute(childElement(element, 'isLgl')) !== '0',
        }
      }
      this.abstracts.set(id, levels)
    }
    for (const num of childElements(root, 'num')) {
      const id = wordAttribute(num, 'numId')
      const abstractId = childValue(num, 'abstractNumId')
      if (id === null || abstractId === null) continue
      const overrides = new Map<number, number>()
      for (const override of childElements(num, 'lvlOverride')) {
        const level = Number(wordAttribute(override, 'ilvl'))
        const start = childValue(override, 'startOverride')
        if (Number.isInteger(level) && level >= 0 && level < levelCount && start !== null) overrides.set(level, wholeNumber(start, 1))
      }
      this.instances.set(id, { abstractId, overrides })
    }
  }

  /** Level `level` of numbering instance `numId`, or null when the file defines none ("0" is no numbering). */
  level(numId: string, level: number): NumberingLevel | null {
    const instance = this.instances.get(numId)
    if (!instance) return null
    return this.abstracts.get(instance.abstractId)?.[level] ?? null
  }

  /** The level of instance `numId` tied to paragraph style `styleId`, when a style applies numbering without saying its level. */
  levelOfStyle(numId: string, styleId: string): number | null {
    const instance = this.instances.get(numId)
    const levels = instance ? this.abstracts.get(instance.abstractId) : undefined
    return levels?.find((level) => level?.style === styleId)?.level ?? null
  }

  /** A counter for reading the file's paragraphs in order. */
  counter(): NumberingCounter {
    return new NumberingCounter(this, this.instances)
  }
}

/** Counts numbered paragraphs in reading order, as Word does. */
export class NumberingCounter {
  /** The current value of each level, by abstract definition. */
  private readonly values = new Map<string, (number | undefined)[]>()
  private readonly used = new Set<string>()

  constructor(
    private readonly numbering: WordNumbering,
    private readonly instances: ReadonlyMap<string, Instance>,
  ) {}

  /** The number of the next paragraph numbered by instance `numId` at `level`, or null when it has none. */
  next(numId: string, level: number): ParagraphNumber | null {
    const definition = this.numbering.level(numId, level)
    const instance = this.instances.get(numId)
    if (definition === null || !instance) return null
    let values = this.values.get(instance.abstractId)
    if (!values) {
      values = []
      this.values.set(instance.abstractId, values)
    }
    if (!this.used.has(numId)) {
      this.used.add(numId)
      // An instance that overrides a start begins its levels again there.
      for (const [overridden, start] of instance.overrides) {
        values[overridden] = start - 1
        for (let deeper = overridden + 1; deeper < levelCount; deeper++) values[deeper] = undefined
      }
    }
    if (definition.kind === 'bullet' || definition.kind === 'none') return { label: definition.kind === 'bullet' ? '' : definition.text.replace(/%\d/g, ''), level: definition, numId }
    values[level] = (values[level] ?? definition.start - 1) + 1
    for (let deeper = level + 1; deeper < levelCount; deeper++) values[deeper] = undefined
    const label = definition.text.replace(/%([1-9])/g, (_, digit: string) => {
      const at = Number(digit) - 1
      const shown = this.numbering.level(numId, at)
      const value = values![at] ?? shown?.start ?? 1
      return formatNumber(value, definition.legal && at !== level ? 'decimal' : (shown?.format ?? 'decimal'))
    })
    return { label, level: definition, numId }
  }
}

/** What kind of number a Word format writes. */
function kindOf(format: string): NumberKind {
  if (format === 'bullet') return 'bullet'
  if (format === 'none') return 'none'
  if (/letter/i.test(format)) return 'letter'
  if (/roman/i.test(format)) return 'roman'
  return 'number'
}

const wholeNumber = (value: string | null, fallback: number): number => {
  const number = Number(value)
  return value !== null && Number.isSafeInteger(number) && number >= 0 && number < 1_000_000 ? number : fallback
}

const latinLetters = 'abcdefghijklmnopqrstuvwxyz'
const thaiLetters = [...'กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ']

/** `value` written in Word's `format`; a format not known here in Western digits. */
export function formatNumber(value: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
    case 'upperLetter': {
      // Word repeats the letter: a…z, aa…zz, aaa…
      const letter = latinLetters[(value - 1) % 26] ?? 'a'
      const written = letter.repeat(Math.floor((Math.max(value, 1) - 1) / 26) + 1)
      return format === 'upperLetter' ? written.toUpperCase() : written
    }
    case 'lowerRoman':
      return roman(value).toLowerCase()
    case 'upperRoman':
      return roman(value)
    case 'thaiNumbers':
    case 'thaiCounting':
      return String(value).replace(/\d/g, (digit) => String.fromCodePoint(0x0e50 + Number(digit)))
    case 'thaiLetters':
      return thaiLetters[(value - 1) % thaiLetters.length] ?? 'ก'
    case 'decimalZero':
      return value < 10 ? `0${value}` : String(value)
    default:
      return String(value)
  }
}

function roman(value: number): string {
  if (value <= 0 || value >= 4000) return String(value)
  const numerals: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ]
  let rest = value
  let written = ''
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      written += numeral
      rest -= amount
    }
  }
  return written
}
