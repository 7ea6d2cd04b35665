/**
 * A Word file's paragraph styles, resolved through their `basedOn` chains:
 * what each style says of the paragraphs that take it — a heading and its
 * level (Word's built-in "heading N", or an outline level), the title,
 * automatic numbering, bold — and, for the styles Counterpart's own exports
 * write ("Clause Label", "Numbered Paragraph", "Testimonium"…), the part of
 * the instrument they hold. A chain that loops or runs long is cut, never
 * followed forever.
 */

import type { Document } from '@xmldom/xmldom'
import { childElement, childElements, childValue, toggle, wordAttribute } from './wordXml.js'

/**
 * What a style tells of a paragraph's place in an instrument: the roles of
 * Counterpart's own styles, Word's title and headings; null for a style
 * that tells nothing.
 */
export type StyleRole =
  | 'title'
  | 'clause-label'
  | 'clause-heading'
  | 'heading'
  | 'numbered'
  | 'sub'
  | 'closing-formula'
  | 'final-provisions'
  | 'testimonium'
  | 'signature'
  | 'body'

/** A paragraph style as the paragraphs taking it see it, its chain resolved. */
export interface ParagraphStyle {
  id: string
  /** Its name ("heading 1", "Clause Label"), or its id when it has none. */
  name: string
  role: StyleRole | null
  /** Its heading level from 1 (a built-in heading's number, or outline level + 1), or null. */
  headingLevel: number | null
  /** Automatic numbering the style applies, or null. */
  numbering: { numId: string; level: number | null } | null
  /** Whether it sets its text bold; null when it says nothing. */
  bold: boolean | null
  /** Its alignment ("center", "both"…), or null. */
  alignment: string | null
}

/** Counterpart's styles (signing originals), by name, "(Khmer)" variants included. */
const counterpartRoles: Record<string, StyleRole> = {
  'instrument title': 'title',
  'instrument body': 'body',
  'closing formula': 'closing-formula',
  'clause label': 'clause-label',
  'clause heading': 'clause-heading',
  'numbered paragraph': 'numbered',
  'sub-paragraph': 'sub',
  'final provisions': 'final-provisions',
  testimonium: 'testimonium',
  signature: 'signature',
}

/** How long a `basedOn` chain is followed (Word allows far fewer in practice). */
const maxChain = 16

interface RawStyle {
  id: string
  name: string | null
  basedOn: string | null
  outlineLevel: number | null
  numbering: { numId: string; level: number | null } | null
  bold: boolean | null
  alignment: string | null
}

export class WordStyles {
  private readonly raw = new Map<string, RawStyle>()
  private readonly resolved = new Map<string, ParagraphStyle>()
  private readonly defaultId: string | null

  /** The paragraph styles of `styles` (a `styles.xml` part; null: a file with none). */
  constructor(styles: Document | null) {
    let defaultId: string | null = null
    const root = styles?.documentElement ?? null
    for (const style of root ? childElements(root, 'style') : []) {
      if (wordAttribute(style, 'type') !== 'paragraph') continue
      const id = wordAttribute(style, 'styleId')
      if (id === null) continue
      if (['1', 'true', 'on'].includes(wordAttribute(style, 'default') ?? '')) defaultId = id
      const properties = childElement(style, 'pPr')
      const numPr = childElement(properties, 'numPr')
      const numId = childValue(numPr, 'numId')
      const level = childValue(numPr, 'ilvl')
      const outline = childValue(properties, 'outlineLvl')
      this.raw.set(id, {
        id,
        name: childValue(style, 'name'),
        basedOn: childValue(style, 'basedOn'),
        outlineLevel: outline !== null && /^\d$/.test(outline) ? Number(outline) : null,
        numbering: numId !== null ? { numId, level: level !== null && /^\d$/.test(level) ? Number(level) : null } : null,
        bold: toggle(childElement(style, 'rPr'), 'b'),
        alignment: childValue(properties, 'jc'),
      })
    }
    this.defaultId = defaultId
  }

  /** The style `id` (the default paragraph style for null or an unknown id), resolved; null when the file has no such style. */
  paragraphStyle(id: string | null): ParagraphStyle | null {
    const key = id !== null && this.raw.has(id) ? id : this.defaultId
    if (key === null) return null
    let style = this.resolved.get(key)
    if (!style) {
      style = this.resolve(key)
      this.resolved.set(key, style)
    }
    return style
  }

  private resolve(id: string): ParagraphStyle {
    const chain: RawStyle[] = []
    const seen = new Set<string>()
    for (let at: string | null = id; at !== null && !seen.has(at) && chain.length < maxChain; ) {
      const raw = this.raw.get(at)
      if (!raw) break
      seen.add(at)
      chain.push(raw)
      at = raw.basedOn
    }
    const first = <T>(pick: (raw: RawStyle) => T | null): T | null => {
      for (const raw of chain) {
        const value = pick(raw)
        if (value !== null) return value
      }
      return null
    }
    const own = chain[0]!
    const name = own.name ?? own.id
    const role = first((raw) => roleOfName(raw.name ?? raw.id))
    const builtIn = first((raw) => headingOfName(raw.name ?? ''))
    const outline = first((raw) => raw.outlineLevel)
    return {
      id,
      name,
      role,
      headingLevel: builtIn ?? (outline !== null && outline < 9 ? outline + 1 : null),
      numbering: first((raw) => raw.numbering),
      bold: first((raw) => raw.bold),
      alignment: first((raw) => raw.alignment),
    }
  }
}

/** The role a style's name gives: Counterpart's styles, Word's title and headings. */
function roleOfName(name: string): StyleRole | null {
  const key = name.toLowerCase().replace(/\s*\(khmer\)$/, '')
  if (key in counterpartRoles) return counterpartRoles[key]!
  if (key === 'title') return 'title'
  if (headingOfName(name) !== null) return 'heading'
  return null
}

/** The level of a built-in heading style by its name ("heading 2" → 2; LibreOffice writes "Heading 2"). */
function headingOfName(name: string): number | null {
  const match = /^heading\s?([1-9])$/i.exec(name.trim())
  return match ? Number(match[1]) : null
}
