/**
 * How text becomes Word runs: split by script, so that Thai and Khmer runs
 * carry their complex-script font (`w:rFonts w:cs`) and language
 * (`w:lang w:bidi`) and word processors pick Thai and Khmer fonts, each at
 * a size that reads evenly with 12 pt Latin; and the
 * same properties on every kind of run, tracked changes included (docx's
 * InsertedTextRun and DeletedTextRun inherit nothing from their neighbours).
 */

import { Tab, type IRunOptions } from 'docx'

export type Script = 'latin' | 'thai' | 'khmer'

/** Fonts by script: the ones Thai and Cambodian government documents use, found by name or substituted by the word processor. */
const fonts: Record<Script, string> = {
  latin: 'Times New Roman',
  thai: 'TH Sarabun New',
  khmer: 'Khmer OS Siemreap',
}
const languages: Record<Script, string> = { latin: 'en-GB', thai: 'th-TH', khmer: 'km-KH' }

/** Half-points: 12 pt. */
export const bodySize = 24

/**
 * How large each script is set relative to Latin, so that the three read
 * evenly: TH Sarabun New has a small x-height (Thai documents set it at
 * 16 pt beside 12 pt Latin), Khmer OS Siemreap tall stacked glyphs (11 pt).
 */
const scriptScale: Record<Script, number> = { latin: 1, thai: 4 / 3, khmer: 11 / 12 }

/** The size, in half-points, of `script` text beside Latin text of `size`. */
export const sizeIn = (script: Script, size: number): number => Math.round(size * scriptScale[script])

export interface RunLook {
  bold?: boolean
  italics?: boolean
  underline?: boolean
  size?: number
}

/** Letters, marks and digits of Thai, of Khmer, or of anything else (neutral characters are none of them). */
const scriptRun = /([\u0e00-\u0e7f]+)|([\u1780-\u17ff\u19e0-\u19ff]+)|[\p{L}\p{M}\p{N}]+/gu

/**
 * `text` in runs of one script each; spaces and punctuation stay with the
 * run they are in (a leading one with the first). Linear: one regular
 * expression finds the runs of letters, slices join the rest.
 */
export function splitByScript(text: string): { text: string; script: Script }[] {
  const runs: { text: string; script: Script }[] = []
  let end = 0
  for (const match of text.matchAll(scriptRun)) {
    const script: Script = match[1] !== undefined ? 'thai' : match[2] !== undefined ? 'khmer' : 'latin'
    const last = runs.at(-1)
    const between = text.slice(end, match.index)
    if (last && last.script === script) last.text += between + match[0]
    else if (last) {
      last.text += between
      runs.push({ text: match[0], script })
    } else runs.push({ text: between + match[0], script })
    end = match.index + match[0].length
  }
  const rest = text.slice(end)
  if (rest !== '') {
    const last = runs.at(-1)
    if (last) last.text += rest
    else runs.push({ text: rest, script: 'latin' })
  }
  return runs
}

/** A run's text as docx takes it: a tab is an element of its own (w:tab), not a character of the text. */
export function runText(text: string): Pick<IRunOptions, 'text' | 'children'> {
  return text.includes('\t') ? { children: text.split('\t').flatMap((part, index) => (index === 0 ? [part] : [new Tab(), part])).filter((part) => part !== '') } : { text }
}

/**
 * Character styles for Thai and Khmer text — complex-script font, size
 * and language — for documents that name them instead of writing the
 * properties into every run (see `styledRunOptions`); Latin text takes the
 * document's defaults (`latinDefaults`).
 */
const scriptStyleIds = { thai: 'ThaiText', khmer: 'KhmerText' } as const
export const scriptStyles = (['thai', 'khmer'] as const).map((script) => ({
  id: scriptStyleIds[script],
  name: script === 'thai' ? 'Thai Text' : 'Khmer Text',
  run: { font: { cs: fonts[script] }, size: sizeIn(script, bodySize), sizeComplexScript: sizeIn(script, bodySize), language: { value: 'en-GB', bidirectional: languages[script] } },
}))

/** The document defaults `styledRunOptions` assume: Latin body text at 12 pt. */
export const latinDefaults = { font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.latin, cs: fonts.latin }, size: bodySize, sizeComplexScript: bodySize, language: { value: 'en-GB' } }

/** The run properties of `text` in `script` with `look`, for a document with `scriptStyles` and `latinDefaults`: only what differs from them. */
export function styledRunOptions(text: string, script: Script, look: RunLook = {}): IRunOptions {
  const size = look.size === undefined ? {} : { size: sizeIn(script, look.size), sizeComplexScript: sizeIn(script, look.size) }
  return {
    ...runText(text),
    style: script === 'latin' ? undefined : scriptStyleIds[script],
    bold: look.bold,
    boldComplexScript: look.bold,
    italics: look.italics,
    italicsComplexScript: look.italics,
    underline: look.underline ? {} : undefined,
    ...size,
  }
}

/** The run properties of `text` in `script` with `look`. */
export function runOptions(text: string, script: Script, look: RunLook = {}): IRunOptions {
  const font = fonts[script]
  return {
    ...runText(text),
    bold: look.bold,
    boldComplexScript: look.bold,
    italics: look.italics,
    italicsComplexScript: look.italics,
    underline: look.underline ? {} : undefined,
    size: sizeIn(script, look.size ?? bodySize),
    sizeComplexScript: sizeIn(script, look.size ?? bodySize),
    font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.latin, cs: font },
    language: { value: 'en-GB', bidirectional: languages[script] },
  }
}

/** The script of a language's own words (Thai, Khmer; any other is written as Latin). */
export const scriptOfLanguage = (lang: string): Script => ({ th: 'thai', km: 'khmer' })[lang.split('-')[0]!] as Script | undefined ?? 'latin'

const khmerWords = new Intl.Segmenter('km', { granularity: 'word' })

/**
 * Khmer runs already broken, by their text: the Thai and Cambodian
 * originals of one revision, and every export of them again, hold the same
 * Khmer paragraphs, and word segmentation is a dictionary walk. Bounded:
 * the oldest entry goes when it is full.
 */
const brokenKhmer = new Map<string, string>()
const maxBrokenKhmer = 4096

/** Khmer `text` with a zero-width space between its words, where none is written. */
export function withKhmerBreaks(text: string): string {
  const known = brokenKhmer.get(text)
  if (known !== undefined) return known
  let result = ''
  let previousKhmer = false
  for (const { segment } of khmerWords.segment(text)) {
    const khmer = /^[\u1780-\u17ff\u19e0-\u19ff]/.test(segment)
    if (khmer && previousKhmer) result += '\u200b'
    result += segment
    previousKhmer = khmer && /[\u1780-\u17ff\u19e0-\u19ff]$/.test(segment)
  }
  if (brokenKhmer.size >= maxBrokenKhmer) brokenKhmer.delete(brokenKhmer.keys().next().value!)
  brokenKhmer.set(text, result)
  return result
}
