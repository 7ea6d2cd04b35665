/**
 * Reading produced DOCX files in tests: parts, paragraph texts, and what a
 * word processor shows after accepting or rejecting every tracked change.
 */

import { readZip } from '../../server/export/zipArchive.js'

/** The text of one part of a DOCX. */
export function docxPart(bytes: Uint8Array, name: string): string {
  const part = readZip(bytes)[name]
  if (!part) throw new Error(`no part ${name}`)
  return new TextDecoder().decode(part)
}

const unescape = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!)

interface ParsedParagraph {
  /** The paragraph mark: kept, or tracked as inserted or deleted. */
  mark: 'plain' | 'insert' | 'delete'
  segments: { kind: 'plain' | 'insert' | 'delete'; text: string }[]
  xml: string
}

/** The paragraphs of a part, in order, with their tracked changes. */
export function parseParagraphs(xml: string): ParsedParagraph[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => {
    const properties = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(paragraph)?.[0] ?? ''
    const markProps = /<w:rPr>[\s\S]*?<\/w:rPr>/.exec(properties)?.[0] ?? ''
    const mark = /<w:ins\b/.test(markProps) ? 'insert' : /<w:del\b/.test(markProps) ? 'delete' : 'plain'
    const body = paragraph.replace(properties, '')
    const segments = [...body.matchAll(/<w:ins\b[^>]*>([\s\S]*?)<\/w:ins>|<w:del\b[^>]*>([\s\S]*?)<\/w:del>|<w:r[ >][\s\S]*?<\/w:r>/g)].map((match) => ({
      kind: match[1] !== undefined ? ('insert' as const) : match[2] !== undefined ? ('delete' as const) : ('plain' as const),
      text: runText(match[1] ?? match[2] ?? match[0]),
    }))
    return { mark, segments, xml: paragraph }
  })
}

function runText(xml: string): string {
  return [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)].map((match) => (match[1] === undefined ? '\t' : unescape(match[1]))).join('')
}

/** Paragraph texts as they read with changes shown as plain text (insertions and deletions both). */
export function paragraphTexts(xml: string): string[] {
  return parseParagraphs(xml).map((paragraph) => paragraph.segments.map((segment) => segment.text).join(''))
}

/**
 * The paragraph texts after accepting (or rejecting) every tracked change,
 * as a word processor does: a paragraph whose mark goes away joins the next.
 */
export function resolveChanges(xml: string, decision: 'accept' | 'reject'): string[] {
  const kept = decision === 'accept' ? 'insert' : 'delete'
  const result: string[] = []
  let carry = ''
  for (const paragraph of parseParagraphs(xml)) {
    const text = carry + paragraph.segments.filter((segment) => segment.kind === 'plain' || segment.kind === kept).map((segment) => segment.text).join('')
    const markGoes = paragraph.mark !== 'plain' && paragraph.mark !== kept
    if (markGoes) carry = text
    else {
      result.push(text)
      carry = ''
    }
  }
  if (carry) result.push(carry)
  return result
}
