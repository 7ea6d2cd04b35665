/**
 * The negotiation of the clause at the cursor: its status and who agreed
 * to it, the moves this member may make (start, agree ad referendum, agree,
 * withdraw, ask to reopen, accept reopening), and its bracketed proposals:
 * bracket the selection, add an alternative, resolve one.
 */

import type { Node } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'
import { bracketsOf } from '../../../server/negotiation/brackets.js'
import { clauseStateOf } from '../../../server/negotiation/clauseStatus.js'
import { numberDocument } from '../../../server/mou/numbering.js'
import type { InstrumentStyle } from '../../../server/storage/documentStore.js'
import { ApiError, type Api, type SessionInfo } from '../api.js'
import { h, replaceChildren } from '../dom.js'
import { addAlternative, bracketAt, bracketSelection } from '../editor/bracketCommands.js'
import type { Notices } from './notices.js'

const statusNames: Record<string, string> = {
  draft: 'Draft',
  'under-negotiation': 'Under negotiation',
  'agreed-ad-referendum': 'Agreed ad referendum',
  agreed: 'Agreed',
}

export class NegotiationPanel {
  readonly element = h('section', { class: 'panel negotiation', 'aria-label': 'Negotiation of the clause at the cursor' })
  private signature = ''

  constructor(
    private readonly api: Api,
    private readonly session: SessionInfo,
    private readonly style: InstrumentStyle,
    private readonly notices: Notices,
  ) {}

  update(view: EditorView): void {
    const clause = clauseAt(view, this.style)
    const bracket = bracketAt(view.state)
    const signature = JSON.stringify([clause?.node.attrs, clause?.node.textContent.length, clause && bracketsOf(clause.node), bracket?.id, view.state.selection.empty])
    if (signature === this.signature) return
    this.signature = signature
    if (!clause) {
      replaceChildren(this.element, h('p', { class: 'hint' }, 'Put the cursor in a clause to see its status, agree to it, or work on its brackets.'))
      return
    }
    const { node, label } = clause
    const clauseId = node.attrs.id as string
    const state = clauseStateOf(node.attrs)
    const brackets = bracketsOf(node)
    const me = this.session.member
    const myParty = me && (me.role === 'delegate' || me.role === 'legal') ? me.party : null
    const parties = this.session.document!.parties
    const nameOf = (code: string) => parties.find((party) => party.code === code)?.shortName ?? code
    const initials = h('input', { type: 'text', class: 'initials', maxlength: 10, placeholder: 'Initials', 'aria-label': 'Your initials' })
    const act = (work: () => Promise<unknown>, done: string) => async () => {
      try {
        await work()
        this.notices.show(done)
      } catch (error) {
        this.notices.show(error instanceof ApiError ? error.message : String(error), 'warning')
      }
    }
    const move = (status: string, text: string) =>
      h('button', { class: 'status-action', 'data-action': status, onclick: act(() => this.api.setStatus(clauseId, status, initials.value || null), `${label}: ${text}.`) }, text)

    const actions: (HTMLElement | string)[] = []
    const agreedByMe = myParty !== null && state.agreements.some((agreement) => agreement.party === myParty)
    if (me && me.role !== 'observer') {
      if (state.status === 'draft') actions.push(move('under-negotiation', 'Start negotiation'))
      if (myParty && (state.status === 'under-negotiation' || (state.status === 'agreed-ad-referendum' && !agreedByMe))) {
        actions.push(initials, move('agreed-ad-referendum', state.status === 'under-negotiation' ? `Agree ad referendum for ${nameOf(myParty)}` : `Agree for ${nameOf(myParty)} (completes agreement)`))
      }
      if (state.status === 'agreed-ad-referendum' && agreedByMe) actions.push(move('under-negotiation', 'Withdraw our agreement'))
      if (state.status === 'agreed' && myParty) {
        const request = state.reopenRequest
        if (!request) actions.push(h('button', { class: 'status-action', 'data-action': 'request-reopen', onclick: act(() => this.api.reopen(clauseId, 'request'), `${label}: reopening requested.`) }, 'Ask to reopen'))
        else if (request.party !== myParty) actions.push(h('button', { class: 'status-action', 'data-action': 'accept-reopen', onclick: act(() => this.api.reopen(clauseId, 'accept'), `${label} is reopened.`) }, 'Accept reopening'))
        else actions.push(h('span', { class: 'hint' }, `Waiting for the other party to accept reopening.`))
      }
    }

    const mayBracket = me && me.role !== 'observer' && !['agreed', 'agreed-ad-referendum'].includes(state.status)
    const owner = myParty ?? parties[0]!.code
    const ownerChoice = myParty
      ? null
      : h('select', { class: 'bracket-owner', 'aria-label': 'Whose proposal' }, parties.map((party) => h('option', { value: party.code }, `${party.shortName} proposal`)))
    const alternative = h('input', { type: 'text', class: 'alternative-text', placeholder: 'Alternative wording', 'aria-label': 'Alternative wording' })
    const edit = (make: () => ReturnType<typeof bracketSelection>, refusal: string) => () => {
      const tr = make()
      if (tr) {
        view.dispatch(tr)
        view.focus()
      } else this.notices.show(refusal, 'warning')
    }

    replaceChildren(
      this.element,
      h('h3', { class: 'clause-title' }, `${label}${node.firstChild ? ` — ${node.firstChild.textContent}` : ''}`),
      h('p', { class: `clause-status status-${state.status}`, 'data-status': state.status }, statusNames[state.status] ?? state.status),
      state.agreements.length > 0
        ? h(
            'ul',
            { class: 'agreements' },
            state.agreements.map((agreement) =>
              h('li', {}, `${nameOf(agreement.party)} agreed — ${agreement.name}${agreement.initials ? ` (${agreement.initials})` : ''}, ${new Date(agreement.at).toLocaleString()}`),
            ),
          )
        : null,
      state.reopenRequest ? h('p', { class: 'reopen-request' }, `${nameOf(state.reopenRequest.party)} asks to reopen (${state.reopenRequest.name}).`) : null,
      actions.length > 0 ? h('div', { class: 'status-actions' }, actions) : null,
      brackets.length > 0 && state.status !== 'draft' ? h('p', { class: 'hint' }, 'Brackets must be resolved before the clause can be agreed.') : null,
      h('h4', {}, `Bracketed text (${brackets.length})`),
      h(
        'ul',
        { class: 'bracket-list' },
        brackets.map((bracket) =>
          h(
            'li',
            { 'data-bracket-id': bracket.id },
            h('span', { class: 'bracket-owner-name' }, `${nameOf(bracket.owner)}: `),
            bracket.alternatives.map((text) => `[${text}]`).join(' / '),
            mayBracket
              ? h(
                  'div',
                  { class: 'bracket-actions' },
                  bracket.alternatives.map((text, alt) =>
                    h('button', { class: 'keep-alternative', onclick: act(() => this.api.resolveBracket(bracket.id, alt), `Kept “${text}”.`) }, `Keep “${text}”`),
                  ),
                  h('button', { class: 'remove-bracket', onclick: act(() => this.api.resolveBracket(bracket.id, null), 'Proposal removed.') }, 'Remove'),
                )
              : null,
          ),
        ),
      ),
      mayBracket
        ? h(
            'div',
            { class: 'bracket-tools' },
            ownerChoice,
            h(
              'button',
              { class: 'bracket-selection', onclick: edit(() => bracketSelection(view.state, ownerChoice?.value ?? owner), 'Select some words within one paragraph to bracket them.') },
              'Bracket the selection',
            ),
            bracketAt(view.state)
              ? h(
                  'div',
                  { class: 'add-alternative' },
                  alternative,
                  h(
                    'button',
                    {
                      onclick: edit(() => {
                        const current = bracketAt(view.state)
                        return current ? addAlternative(view.state, current, alternative.value, ownerChoice?.value ?? owner) : null
                      }, 'Type the alternative wording first.'),
                    },
                    'Add alternative',
                  ),
                )
              : null,
          )
        : null,
    )
  }
}

/** The clause holding the selection's start, with its label. */
function clauseAt(view: EditorView, style: InstrumentStyle): { node: Node; label: string } | null {
  const { $from } = view.state.selection
  if ($from.depth < 1) return null
  const top = $from.node(1)
  if (top.type.name !== 'clause') return null
  const pos = $from.before(1)
  const label = numberDocument(view.state.doc, style).clauses.find((clause) => clause.pos === pos)?.label ?? 'Clause'
  return { node: top, label }
}
