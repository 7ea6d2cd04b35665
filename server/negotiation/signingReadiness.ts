/**
 * Whether a text is ready for signature: every clause agreed by both
 * parties and no bracketed text left anywhere. Signing copies are refused
 * until it is, with the list of what is still open.
 */

import type { Node } from 'prosemirror-model'
import { numberDocument } from '../vocabulary/numbering.js'
import { inlineText } from '../vocabulary/documentText.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import { bracketsOf, describeBracket } from '../vocabulary/brackets.js'

export interface OpenItems {
  /** `owner` opened the proposal; `owners` proposed each alternative, by number. */
  brackets: { id: string; owner: string; owners: string[]; text: string; clauseId: string | null; label: string | null }[]
  unagreedClauses: { clauseId: string | null; label: string; heading: string; status: string }[]
}

/** What keeps `content` from being signed; both lists empty when nothing does. */
export function openItems(content: Node, style: InstrumentStyle): OpenItems {
  const numbering = numberDocument(content, style)
  const items: OpenItems = { brackets: [], unagreedClauses: [] }
  content.forEach((child, offset) => {
    const clause = child.type.name === 'clause' ? numbering.clauses.find((entry) => entry.pos === offset) : undefined
    for (const bracket of bracketsOf(child)) {
      const { id, owner, owners } = bracket
      items.brackets.push({ id, owner, owners, text: describeBracket(bracket), clauseId: clause?.id ?? null, label: clause?.label ?? null })
    }
    if (clause && child.attrs.status !== 'agreed') {
      const heading = child.firstChild ? inlineText(child.firstChild, numbering) : ''
      items.unagreedClauses.push({ clauseId: clause.id, label: clause.label, heading, status: child.attrs.status ?? 'draft' })
    }
  })
  return items
}

/** One sentence naming what is open, for an error message. */
export function describeOpenItems(items: OpenItems): string {
  const parts: string[] = []
  if (items.brackets.length > 0) {
    const list = items.brackets.map((bracket) => `${bracket.text} (${[...new Set(bracket.owners)].join('/')}${bracket.label ? `, ${bracket.label}` : ''})`).join('; ')
    parts.push(`${items.brackets.length} bracketed proposal${items.brackets.length === 1 ? '' : 's'}: ${list}`)
  }
  if (items.unagreedClauses.length > 0) {
    const list = items.unagreedClauses.map((clause) => `${clause.label} “${clause.heading}” (${clause.status})`).join('; ')
    parts.push(`${items.unagreedClauses.length} clause${items.unagreedClauses.length === 1 ? '' : 's'} not agreed: ${list}`)
  }
  return parts.join('; and ')
}
