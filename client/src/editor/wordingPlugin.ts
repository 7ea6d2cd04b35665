/**
 * The wording check, inline: every word that does not fit the instrument's
 * style (treaty words in a memorandum, or the reverse) is highlighted with
 * its suggested replacement, computed per paragraph with the server's rules;
 * so is a party's name typed as text, which is replaced by a party
 * reference (so that each original can name its own party first).
 */

import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { findPartyNames, findWording } from '../../../server/vocabulary/wordingCheck.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { PartyName, PartyReference } from '../../../server/vocabulary/partyReference.js'
import { t } from '../i18n/translator.js'

export interface Finding {
  from: number
  to: number
  text: string
  suggestion: string
  reason: string
  /** For a party named as text: the reference that replaces it. */
  reference?: PartyReference
}

interface WordingState {
  findings: Finding[]
  decorations: DecorationSet
}

export const wordingKey = new PluginKey<WordingState>('counterpart-wording')

/** The findings in `doc`, each with its document positions; `partyNames` are the names free text must not spell out. */
export function findingsOf(doc: Node, style: InstrumentStyle, partyNames: readonly PartyName[] = []): Finding[] {
  const findings: Finding[] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    // Text offsets map to positions only through text nodes; other inline nodes count as one position.
    let text = ''
    const positions: number[] = []
    node.forEach((child, offset) => {
      if (child.isText) {
        for (let i = 0; i < child.text!.length; i++) positions.push(pos + 1 + offset + i)
        text += child.text
      } else {
        positions.push(pos + 1 + offset)
        text += '\uFFFC'
      }
    })
    const found: Finding[] = []
    const place = (match: { offset: number; length: number }) => ({ from: positions[match.offset]!, to: positions[match.offset + match.length - 1]! + 1 })
    for (const match of findWording(text, style)) found.push({ ...place(match), text: match.text, suggestion: match.suggestion, reason: match.reason })
    for (const match of findPartyNames(text, partyNames)) found.push({ ...place(match), text: match.text, suggestion: match.suggestion, reason: match.reason, reference: match.reference })
    findings.push(...found.sort((a, b) => a.from - b.from))
    return false
  })
  return findings
}

function stateOf(doc: Node, style: InstrumentStyle, partyNames: readonly PartyName[]): WordingState {
  const findings = findingsOf(doc, style, partyNames)
  const decorations = DecorationSet.create(
    doc,
    findings.map((finding) =>
      Decoration.inline(finding.from, finding.to, {
        class: 'wording-finding',
        title: t('wording.findingTitle', { reason: finding.reason, suggestion: finding.suggestion }),
        'data-suggestion': finding.suggestion,
      }),
    ),
  )
  return { findings, decorations }
}

export function wordingPlugin(style: InstrumentStyle, partyNames: readonly PartyName[] = []): Plugin<WordingState> {
  return new Plugin<WordingState>({
    key: wordingKey,
    state: {
      init: (_, state) => stateOf(state.doc, style, partyNames),
      apply: (tr, previous, _, state) => (tr.docChanged ? stateOf(state.doc, style, partyNames) : previous),
    },
    props: { decorations: (state) => wordingKey.getState(state)?.decorations },
  })
}

/** A transaction replacing a finding with its suggestion (a party's name with its reference), or null if the text has changed since. */
export function replaceFinding(state: EditorState, finding: Finding): Transaction | null {
  if (state.doc.textBetween(finding.from, finding.to) !== finding.text) return null
  if (finding.reference) return state.tr.replaceWith(finding.from, finding.to, state.schema.nodes.party_ref!.create(finding.reference))
  return state.tr.insertText(finding.suggestion, finding.from, finding.to)
}
