/**
 * A text as the editor draws it, as HTML: each node and mark through the
 * schema's own `toDOM`, with the labels the editor shows beside the words
 * (`textLabels.ts`) as `data-label` attributes, which the page's style sheet
 * prints as it does the editor's. The server sends it inside the page
 * (`services/firstText.ts`), so that the text is read before the page's
 * script has run; the editor then takes its place. Every piece of document
 * text and every attribute is escaped.
 */

import type { DOMOutputSpec, Mark, Node } from 'prosemirror-model'
import type { InstrumentStyle } from './document.js'
import type { PartyNamer } from './partyReference.js'
import { escapeHtml } from './redlineHtml.js'
import { labelsOf } from './textLabels.js'

export interface DocumentHtmlOptions {
  style: InstrumentStyle
  /** The text's language (a BCP 47 tag): its numbers and party names. */
  lang: string
  nameParty: PartyNamer
}

/** The marks only a snapshot's rendering sets: never drawn. */
const undrawnMarks = new Set(['ychange'])

/** The inner HTML of the editor's root for `doc`: its blocks as the editor's DOM holds them, labelled. */
export function documentHtml(doc: Node, options: DocumentHtmlOptions): string {
  const labels = new Map(labelsOf(doc, options.style, options.lang, options.nameParty).map((entry) => [entry.pos, entry.label]))
  const parts: string[] = []
  const writeNode = (node: Node, pos: number) => {
    if (node.isText) {
      writeMarked(node.text!, node.marks, parts)
      return
    }
    const spec = node.type.spec.toDOM?.(node)
    if (!spec) throw new Error(`the schema draws no "${node.type.name}"`)
    const label = labels.get(pos)
    writeSpec(spec, label === undefined ? {} : { 'data-label': label }, parts, () => {
      node.forEach((child, offset) => writeNode(child, pos + 1 + offset))
    })
  }
  doc.forEach((child, offset) => writeNode(child, offset))
  return parts.join('')
}

/** `text` inside its marks, outermost first. */
function writeMarked(text: string, marks: readonly Mark[], parts: string[]): void {
  const drawn = marks.filter((mark) => !undrawnMarks.has(mark.type.name))
  const write = (index: number) => {
    if (index === drawn.length) {
      parts.push(escapeHtml(text))
      return
    }
    const mark = drawn[index]!
    writeSpec(mark.type.spec.toDOM!(mark, true), {}, parts, () => write(index + 1))
  }
  write(0)
}

/** Writes `spec` (a `toDOM` answer: `[tag, attrs?, ...children]` or text), with `extra` attributes on its outer element; `content` writes what goes in its hole (`0`). */
function writeSpec(spec: DOMOutputSpec, extra: Record<string, string>, parts: string[], content: () => void): void {
  if (typeof spec === 'string') {
    parts.push(escapeHtml(spec))
    return
  }
  if (!Array.isArray(spec)) throw new Error('documentHtml draws only toDOM answers given as arrays or text')
  const [tag, ...rest] = spec as [string, ...unknown[]]
  if (!/^[a-z][a-z0-9-]*$/.test(tag)) throw new Error(`documentHtml cannot draw the element ${JSON.stringify(tag)}`)
  const given = rest[0]
  const attributes = given !== null && typeof given === 'object' && !Array.isArray(given) ? (rest.shift() as Record<string, unknown>) : {}
  parts.push(`<${tag}`)
  for (const [name, value] of Object.entries({ ...attributes, ...extra })) {
    if (value === null || value === undefined) continue
    parts.push(` ${name}="${escapeHtml(String(value))}"`)
  }
  parts.push('>')
  for (const child of rest) {
    if (child === 0) content()
    else writeSpec(child as DOMOutputSpec, {}, parts, content)
  }
  parts.push(`</${tag}>`)
}
