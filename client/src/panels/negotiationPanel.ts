/**
 * The negotiation of the clause at the cursor — or of the title, the
 * preamble or the final provisions, negotiated like clauses: its status and
 * who agreed to it, the moves this member may make (start, agree ad
 * referendum, agree, withdraw, ask to reopen, accept reopening), and its
 * bracketed proposals:
 * bracket the selection, add an alternative, keep one or remove them (at
 * once, or asked of the party whose wording it drops), answer the other
 * party's request, withdraw one's own alternative. Pending requests live in
 * the shared document (the `negotiation` map), so the panel follows them
 * as they change. Below, the whole document at a glance: the title, the
 * preamble and the final provisions with their statuses (a click goes
 * there), and for a member of a party, one button that agrees everything
 * the other party has agreed ad referendum (`POST …/clauses/agree`).
 */

import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { ApiError, type Api } from '../api.js'
import type { SessionView } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'
import { addAlternative, bracketAt, bracketSelection } from '../editor/bracketCommands.js'
import type { Notices } from './notices.js'
import { openModal } from './modal.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { partyActedFor } from '../../../server/vocabulary/member.js'
import { consentNeeded, describeResolution, isCurrent, readResolutionRequests, type BracketOutcome, type ResolutionRequest } from '../../../server/vocabulary/bracketRequest.js'
import { negotiationMapName } from '../../../server/vocabulary/documentRoots.js'
import { bracketsOf, type Bracket } from '../../../server/vocabulary/brackets.js'
import { agreedByOthersOnly, listInWords, negotiatedAt, negotiatedNodes, negotiationSignature, partNames, type NegotiatedNode } from '../negotiatedNodes.js'

const statusNames: Record<string, string> = {
  draft: 'Draft',
  'under-negotiation': 'Under negotiation',
  'agreed-ad-referendum': 'Agreed ad referendum',
  agreed: 'Agreed',
}

export class NegotiationPanel {
  readonly element = h('section', { class: 'panel negotiation', 'aria-label': 'Negotiation' })
  /** The clause or part at the cursor. */
  private readonly current = h('div', { class: 'negotiation-current', role: 'group', 'aria-label': 'Negotiation of the clause at the cursor' })
  /** The parts' statuses, and the agreement of everything the other party agreed ad referendum. */
  private readonly overview = h('div', { class: 'negotiation-overview', role: 'group', 'aria-label': 'The whole document' })
  /** One field for every agreement made here, kept while the panel redraws. */
  private readonly initials = h('input', { type: 'text', class: 'initials', maxlength: 10, placeholder: 'Initials', 'aria-label': 'Your initials' })
  private signature = ''
  private overviewSignature = ''
  private view: EditorView | null = null
  /** The shared document's pending requests to resolve brackets, once found. */
  private requests: Y.Map<unknown> | null = null

  constructor(
    private readonly api: Api,
    private readonly session: SessionView,
    private readonly style: InstrumentStyle,
    private readonly notices: Notices,
  ) {
    const me = session.member
    const agrees = me !== null && partyActedFor(me) !== null
    // The initials go with every agreement made here, one clause or all at once.
    if (agrees) this.element.append(h('label', { class: 'agreement-initials' }, 'Initials for agreements ', this.initials))
    this.element.append(this.current, this.overview)
  }

  update(view: EditorView): void {
    this.view = view
    this.followRequests(view)
    this.updateOverview(view)
    const clause = negotiatedAt(view.state, this.style)
    const bracket = bracketAt(view.state)
    const requests = this.requests?.doc ? readResolutionRequests(this.requests.doc) : new Map<string, ResolutionRequest>()
    const brackets = clause ? bracketsOf(clause.node).map((found) => ({ ...found, request: currentRequest(requests.get(found.id), found) })) : []
    const signature = JSON.stringify([clause?.label, clause?.node.attrs, clause?.node.textContent.length, brackets, bracket?.id, view.state.selection.empty])
    if (signature === this.signature) return
    this.signature = signature
    if (!clause || clause.id === null) {
      replaceChildren(this.current, h('p', { class: 'hint' }, 'Put the cursor in a clause (or in the title, the preamble or the final provisions) to see its status, agree to it, or work on its brackets.'))
      return
    }
    const { label, state } = clause
    const clauseId = clause.id
    const me = this.session.member
    const myParty = me ? partyActedFor(me) : null
    const parties = this.session.document!.parties
    const nameOf = (code: string) => parties.find((party) => party.code === code)?.shortName ?? code
    const initials = this.initials
    const act = this.act
    const move = (status: string, text: string) =>
      h('button', { class: 'status-action', 'data-action': status, onclick: act(() => this.api.setStatus(clauseId, status, initials.value || null), `${label}: ${text}.`) }, text)

    const actions: (HTMLElement | string)[] = []
    const agreedByMe = myParty !== null && state.agreements.some((agreement) => agreement.party === myParty)
    if (me && me.role !== 'observer') {
      if (state.status === 'draft') actions.push(move('under-negotiation', 'Start negotiation'))
      if (myParty && (state.status === 'under-negotiation' || (state.status === 'agreed-ad-referendum' && !agreedByMe))) {
        actions.push(move('agreed-ad-referendum', state.status === 'under-negotiation' ? `Agree ad referendum for ${nameOf(myParty)}` : `Agree for ${nameOf(myParty)} (completes agreement)`))
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
    const mayResolve = me !== null && me.role !== 'observer'
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
      this.current,
      h('h3', { class: 'clause-title', 'data-clause-id': clauseId }, `${label}${clause.heading ? ` — ${clause.heading}` : ''}`),
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
      // A clause still open to negotiation may go; an agreed one is reopened first (the server says so too).
      me && me.role !== 'observer' && clause.node.type.name === 'clause' && !['agreed', 'agreed-ad-referendum'].includes(state.status)
        ? h('p', { class: 'clause-tools' }, h('button', { type: 'button', class: 'delete-clause', onclick: () => this.confirmDeletion(clauseId, `${label}${clause.heading ? ` — ${clause.heading}` : ''}`) }, 'Delete this clause…'))
        : null,
      brackets.length > 0 && state.status !== 'draft' ? h('p', { class: 'hint' }, 'Brackets must be resolved before the clause can be agreed.') : null,
      h('h4', {}, `Bracketed text (${brackets.length})`),
      h(
        'ul',
        { class: 'bracket-list' },
        brackets.map((bracket) => this.bracketItem(bracket, mayResolve ? myParty : undefined, nameOf, act)),
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

  /** Asks, in a dialog, whether to delete the clause `title`; deletes it through the server only when confirmed. */
  private confirmDeletion(clauseId: string, title: string): void {
    const languages = this.session.document!.languages.others.length
    const dialog = openModal(
      `Delete ${title}?`,
      h(
        'div',
        {},
        h('p', {}, `The clause goes for everyone at once${languages > 0 ? ', with its texts in the other languages' : ''}, and the clauses after it are renumbered. The version log keeps it, attributed to you.`),
        h(
          'p',
          { class: 'modal-actions' },
          h('button', { type: 'button', class: 'confirm-delete danger', onclick: () => {
            dialog.close()
            void this.act(() => this.api.deleteClause(clauseId), ({ deleted }) => `${deleted.label} is deleted.`)()
          } }, 'Delete the clause'),
          h('button', { type: 'button', class: 'keep-clause', onclick: () => dialog.close() }, 'Keep it'),
        ),
      ),
    )
  }

  /** Runs a move against the API, then tells the member what happened; a refusal is shown as a warning. */
  private readonly act: Act = (work, done) => async () => {
    try {
      const result = await work()
      this.notices.show(typeof done === 'string' ? done : done(result))
    } catch (error) {
      this.notices.show(error instanceof ApiError ? error.message : String(error), 'warning')
    }
  }

  /**
   * The title, the preamble and the final provisions with their statuses,
   * and for a member of a party the button that agrees all the other party
   * agreed ad referendum; redrawn only when a status or an agreement changed.
   */
  private updateOverview(view: EditorView): void {
    const signature = negotiationSignature(view.state.doc)
    if (signature === this.overviewSignature) return
    this.overviewSignature = signature
    const nodes = negotiatedNodes(view.state.doc, this.style)
    const me = this.session.member
    const myParty = me ? partyActedFor(me) : null
    const parties = this.session.document!.parties
    const others = parties.filter((party) => party.code !== myParty)
    const parts = nodes.filter((node) => node.kind !== 'clause')
    const pending = myParty ? agreedByOthersOnly(nodes, myParty) : []
    const inSentence = (node: NegotiatedNode) => (node.kind === 'clause' ? node.label : partNames[node.kind as keyof typeof partNames].inSentence)
    const myName = parties.find((party) => party.code === myParty)?.shortName ?? myParty
    const agreeAll = async (button: HTMLButtonElement) => {
      button.disabled = true
      try {
        const outcome = await this.api.agreeAll({ agreedAdReferendumByOtherParty: true }, this.initials.value.trim() || null)
        const current = negotiatedNodes(view.state.doc, this.style)
        const labelOf = (clauseId: string) => {
          const node = current.find((candidate) => candidate.id === clauseId)
          return node ? inSentence(node) : clauseId
        }
        const agreed = outcome.agreed.length > 0 ? `Agreed for ${myName}: ${listInWords(outcome.agreed.map((entry) => labelOf(entry.clauseId)))}.` : 'Nothing was agreed.'
        const refused = outcome.refused.map((entry) => ` Not agreed: ${labelOf(entry.clauseId)} — ${entry.reason}.`).join('')
        this.notices.show(`${agreed}${refused}`, outcome.refused.length > 0 ? 'warning' : 'info')
      } catch (error) {
        this.notices.show(error instanceof ApiError ? error.message : String(error), 'warning')
      } finally {
        // The statuses arriving redraw the overview; until then, the button may be pressed again.
        button.disabled = false
      }
    }
    replaceChildren(
      this.overview,
      h('h4', {}, 'Title, preamble and final provisions'),
      h(
        'ul',
        { class: 'part-statuses' },
        parts.map((part) =>
          h(
            'li',
            { 'data-part': part.kind, 'data-status': part.state.status },
            h('button', { class: 'part-link', 'data-clause-id': part.id ?? '', onclick: () => this.goTo(part.id) }, part.label),
            ' ',
            h('span', { class: `status status-${part.state.status}` }, statusNames[part.state.status] ?? part.state.status),
            part.state.agreements.length > 0 && part.state.status !== 'agreed'
              ? h('span', { class: 'part-agreed-by' }, ` (${part.state.agreements.map((agreement) => parties.find((party) => party.code === agreement.party)?.shortName ?? agreement.party).join(', ')})`)
              : null,
          ),
        ),
      ),
      myParty && others.length > 0
        ? h(
            'div',
            { class: 'bulk-agreement' },
            h(
              'button',
              {
                class: 'agree-all',
                disabled: pending.length === 0,
                title: pending.length === 0 ? `Nothing waits for ${myName}'s agreement alone.` : `Agrees ${listInWords(pending.map(inSentence))}`,
                onclick: (event: Event) => void agreeAll(event.currentTarget as HTMLButtonElement),
              },
              `Agree all that ${others.map((party) => party.shortName).join(' and ')} agreed ad referendum (${pending.length})`,
            ),
            h('p', { class: 'hint' }, 'Each is agreed and recorded on its own, with the initials above.'),
          )
        : null,
    )
  }

  /** Puts the caret in the clause or part with id `id`. */
  private goTo(id: string | null): void {
    const view = this.view
    if (!view || id === null) return
    const node = negotiatedNodes(view.state.doc, this.style).find((candidate) => candidate.id === id)
    if (!node) return
    // Focused first: ProseMirror scrolls to a selection only in a focused editor.
    view.focus()
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(node.pos + 1))).scrollIntoView())
  }

  /** Refreshes the panel whenever the shared document's pending requests change (found through y-prosemirror's sync plugin). */
  private followRequests(view: EditorView): void {
    if (this.requests) return
    const doc = (ySyncPluginKey.getState(view.state) as { doc?: Y.Doc } | undefined)?.doc
    if (!doc) return
    this.requests = doc.getMap(negotiationMapName)
    this.requests.observe(() => {
      if (this.view) this.update(this.view)
    })
  }

  /**
   * One bracketed proposal: each alternative with its party, and the moves
   * on it for a member of `myParty` (null: the secretariat; undefined: no
   * moves): keep one or remove them (at once, or asked of the party whose
   * wording it drops), withdraw one's own alternative, answer or cancel the
   * pending request.
   */
  private bracketItem(
    bracket: Bracket & { request: ResolutionRequest | null },
    myParty: string | null | undefined,
    nameOf: (code: string) => string,
    act: Act,
  ): HTMLElement {
    const { id, request } = bracket
    const mayAct = myParty !== undefined
    const role = this.session.member?.role
    const alternatives = bracket.alternatives.map((text, alt) => {
      const owner = bracket.owners[alt] ?? ''
      const moves =
        mayAct && !request
          ? [
              this.resolveButton(bracket, alt, `Keep “${text}”`, `Kept “${text}”.`, myParty ?? null, nameOf, act),
              owner === myParty
                ? h('button', { class: 'withdraw-alternative', onclick: act(() => this.api.withdrawAlternative(id, alt), `Withdrew “${text}”.`) }, `Withdraw “${text}”`)
                : null,
            ]
          : []
      return h('li', { class: 'bracket-alternative', 'data-owner': owner, 'data-alt': alt }, h('span', { class: 'bracket-owner-name' }, `${nameOf(owner)}: `), `[${text}]`, ...moves)
    })
    const awaited = request && myParty ? request.awaiting.includes(myParty) : false
    const asker = request !== null && (request.party === null ? role === 'secretariat' : request.party === myParty)
    return h(
      'li',
      { 'data-bracket-id': id },
      h('ul', { class: 'bracket-alternatives' }, alternatives),
      mayAct && !request ? h('div', { class: 'bracket-actions' }, this.resolveButton(bracket, null, 'Remove', 'Proposal removed.', myParty ?? null, nameOf, act)) : null,
      request
        ? h(
            'div',
            { class: 'resolution-request', 'data-awaiting': request.awaiting.join(' ') },
            h(
              'p',
              {},
              `${request.party ? nameOf(request.party) : 'The secretariat'} (${request.name}) asks to ${describeResolution(bracket, request.keep)}; waiting for ${request.awaiting.map(nameOf).join(' and ')}.`,
            ),
            mayAct && awaited
              ? [
                  h('button', { class: 'accept-resolution', onclick: act(() => this.api.answerResolution(id, 'accept'), 'Accepted.') }, 'Accept'),
                  h('button', { class: 'decline-resolution', onclick: act(() => this.api.answerResolution(id, 'decline'), 'Declined.') }, 'Decline'),
                ]
              : null,
            mayAct && asker ? h('button', { class: 'cancel-resolution', onclick: act(() => this.api.answerResolution(id, 'cancel'), 'Request cancelled.') }, 'Cancel request') : null,
          )
        : null,
    )
  }

  /** A button that keeps alternative `keep` (null: removes the proposal): at once when nobody else's wording is dropped, else asked of that party. */
  private resolveButton(
    bracket: Bracket,
    keep: number | null,
    label: string,
    done: string,
    myParty: string | null,
    nameOf: (code: string) => string,
    act: Act,
  ): HTMLElement {
    const needed = consentNeeded(bracket, keep, myParty)
    const told = (outcome: BracketOutcome) =>
      outcome.resolved ? done : `Asked ${(outcome.request?.awaiting ?? []).map(nameOf).join(' and ')} to accept: ${describeResolution(bracket, keep)}.`
    return h(
      'button',
      {
        class: keep === null ? 'remove-bracket' : 'keep-alternative',
        title: needed.length === 0 ? 'Applies at once' : `Asks ${needed.map(nameOf).join(' and ')} to accept`,
        onclick: act(() => this.api.resolveBracket(bracket.id, keep), told),
      },
      label,
    )
  }
}

/** Runs a move against the API, then tells the member what happened (`done`, or made from the answer); a refusal is shown as a warning. */
type Act = <T>(work: () => Promise<T>, done: string | ((result: T) => string)) => () => Promise<void>

/** `request` when it still stands for `bracket` (not void), else null. */
function currentRequest(request: ResolutionRequest | undefined, bracket: Bracket): ResolutionRequest | null {
  return request && isCurrent(request, bracket) ? request : null
}
