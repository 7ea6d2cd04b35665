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
  /** The text changed in many blocks at once (it arrived): checked once the page is idle, not on the way to the screen. */
  pending: boolean
}

/** From how many blocks never checked a change waits for an idle moment (a keystroke, a clause inserted: one or two). */
const checkLaterFrom = 8

/** The meta of the transaction that checks a pending text. */
const checkNow = 'check'

export const wordingKey = new PluginKey<WordingState>('counterpart-wording')

/**
 * Findings per node, positions relative to the position before the node. ProseMirror shares the
 * nodes a change did not touch between one document and the next (and
 * y-prosemirror keeps them for the elements a remote change left alone), so
 * a keystroke re-checks only the paragraph it changed, whatever the length
 * of the document.
 */
export type FindingCache = WeakMap<Node, readonly Finding[]>

/** The findings in `doc`, each with its document positions; `partyNames` are the names free text must not spell out. */
export function findingsOf(doc: Node, style: InstrumentStyle, partyNames: readonly PartyName[] = [], cache: FindingCache = new WeakMap()): Finding[] {
  const findings: Finding[] = []
  doc.forEach((child, offset) => {
    for (const finding of findingsIn(child, style, partyNames, cache)) findings.push(shifted(finding, offset))
  })
  return findings
}

const shifted = (finding: Finding, by: number): Finding => (by === 0 ? finding : { ...finding, from: finding.from + by, to: finding.to + by })

/** The findings in `node`, positions relative to the position before it. */
function findingsIn(node: Node, style: InstrumentStyle, partyNames: readonly PartyName[], cache: FindingCache): readonly Finding[] {
  const cached = cache.get(node)
  if (cached) return cached
  let found: Finding[] = []
  if (node.isTextblock) found = textblockFindings(node, style, partyNames)
  else {
    node.forEach((child, offset) => {
      for (const finding of findingsIn(child, style, partyNames, cache)) found.push(shifted(finding, 1 + offset))
    })
  }
  cache.set(node, found)
  return found
}

function textblockFindings(node: Node, style: InstrumentStyle, partyNames: readonly PartyName[]): Finding[] {
  // Text offsets map to positions only through text nodes; other inline nodes count as one position.
  let text = ''
  const positions: number[] = []
  node.forEach((child, offset) => {
    if (child.isText) {
      for (let i = 0; i < child.text!.length; i++) positions.push(1 + offset + i)
      text += child.text
    } else {
      positions.push(1 + offset)
      text += '\uFFFC'
    }
  })
  const found: Finding[] = []
  const place = (match: { offset: number; length: number }) => ({ from: positions[match.offset]!, to: positions[match.offset + match.length - 1]! + 1 })
  for (const match of findWording(text, style)) found.push({ ...place(match), text: match.text, suggestion: match.suggestion, reason: match.reason })
  for (const match of findPartyNames(text, partyNames)) found.push({ ...place(match), text: match.text, suggestion: match.suggestion, reason: match.reason, reference: match.reference })
  return found.sort((a, b) => a.from - b.from)
}

/** How many of `doc`'s blocks were never checked, counting up to `enough`. */
function uncheckedBlocks(doc: Node, cache: FindingCache, enough: number): number {
  let unchecked = 0
  for (let i = 0; i < doc.childCount && unchecked < enough; i++) if (!cache.has(doc.child(i))) unchecked++
  return unchecked
}

const pendingState: WordingState = { findings: [], decorations: DecorationSet.empty, pending: true }

function stateOf(doc: Node, style: InstrumentStyle, partyNames: readonly PartyName[], cache: FindingCache): WordingState {
  const findings = findingsOf(doc, style, partyNames, cache)
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
  return { findings, decorations, pending: false }
}

/**
 * The wording check as a plugin. A change that brings many blocks never
 * checked — the whole text arriving from the server or the local copy —
 * leaves the findings pending, and they are checked once the page is idle
 * (a transaction of its own): on the way to the first paint, checking
 * every paragraph of 300 clauses took some 45 ms. Anything smaller (a
 * keystroke, a clause inserted) is checked at once, paragraph by paragraph.
 */
export function wordingPlugin(style: InstrumentStyle, partyNames: readonly PartyName[] = []): Plugin<WordingState> {
  const cache: FindingCache = new WeakMap()
  const check = (doc: Node, pending: boolean): WordingState =>
    pending || uncheckedBlocks(doc, cache, checkLaterFrom) >= checkLaterFrom ? pendingState : stateOf(doc, style, partyNames, cache)
  return new Plugin<WordingState>({
    key: wordingKey,
    state: {
      init: (_, state) => check(state.doc, false),
      apply: (tr, previous, _, state) => {
        if (tr.getMeta(wordingKey) === checkNow) return stateOf(state.doc, style, partyNames, cache)
        return tr.docChanged ? check(state.doc, previous.pending) : previous
      },
    },
    props: { decorations: (state) => wordingKey.getState(state)?.decorations },
    view: () => {
      let scheduled: number | null = null
      return {
        update: (view) => {
          if (!wordingKey.getState(view.state)?.pending || scheduled !== null) return
          scheduled = requestIdle(() => {
            scheduled = null
            if (!view.isDestroyed && wordingKey.getState(view.state)?.pending) view.dispatch(view.state.tr.setMeta(wordingKey, checkNow))
          })
        },
        destroy: () => {
          if (scheduled !== null) cancelIdle(scheduled)
        },
      }
    },
  })
}

/** Whether the findings of `state` are waiting for an idle moment. */
export function wordingPending(state: EditorState): boolean {
  return wordingKey.getState(state)?.pending ?? false
}

/** Calls `run` when the page is idle (within a second), where the browser says when that is. */
const requestIdle = (run: () => void): number =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : (setTimeout(run, 50) as unknown as number)
const cancelIdle = (id: number) => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(id) : clearTimeout(id))

/** A transaction replacing a finding with its suggestion (a party's name with its reference), or null if the text has changed since. */
export function replaceFinding(state: EditorState, finding: Finding): Transaction | null {
  if (state.doc.textBetween(finding.from, finding.to) !== finding.text) return null
  if (finding.reference) return state.tr.replaceWith(finding.from, finding.to, state.schema.nodes.party_ref!.create(finding.reference))
  return state.tr.insertText(finding.suggestion, finding.from, finding.to)
}
