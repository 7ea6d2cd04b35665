/**
 * How text becomes Word runs: split by script, so that Thai and Khmer runs
 * carry their complex-script font (`w:rFonts w:cs`) and language
 * (`w:lang w:bidi`) and word processors pick Thai and Khmer fonts; and the
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

export interface RunLook {
  bold?: boolean
  italics?: boolean
  underline?: boolean
  size?: number
}

const scriptOf = (char: string): Script => {
  const code = char.codePointAt(0)!
  if (code >= 0x0e00 && code <= 0x0e7f) return 'thai'
  if ((code >= 0x1780 && code <= 0x17ff) || (code >= 0x19e0 && code <= 0x19ff)) return 'khmer'
  return 'latin'
}

/** `text` in runs of one script each; spaces and punctuation stay with the run they are in. */
export function splitByScript(text: string): { text: string; script: Script }[] {
  const runs: { text: string; script: Script }[] = []
  for (const char of text) {
    const script = /[\p{L}\p{M}\p{N}]/u.test(char) ? scriptOf(char) : (runs.at(-1)?.script ?? 'latin')
    const last = runs.at(-1)
    if (last && last.script === script) last.text += char
    else runs.push({ text: char, script })
  }
  return runs
}

/** The run properties of `text` in `script` with `look`. */
export function runOptions(text: string, script: Script, look: RunLook = {}): IRunOptions {
  const font = fonts[script]
  return {
    // A tab is an element of its own (w:tab), not a character of the text.
    ...(text.includes('\t') ? { children: text.split('\t').flatMap((part, index) => (index === 0 ? [part] : [new Tab(), part])).filter((part) => part !== '') } : { text }),
    bold: look.bold,
    boldComplexScript: look.bold,
    italics: look.italics,
    italicsComplexScript: look.italics,
    underline: look.underline ? {} : undefined,
    size: look.size ?? bodySize,
    sizeComplexScript: look.size ?? bodySize,
    font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.latin, cs: font },
    language: { value: 'en-GB', bidirectional: languages[script] },
  }
}
