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
import type { Api } from '../api.js'
import type { SessionView } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'
import { addAlternative, bracketAt, bracketSelection } from '../editor/bracketCommands.js'
import type { Notices } from './notices.js'
import { openModal } from './modal.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { partyActedFor } from '../../../server/vocabulary/member.js'
import { consentNeeded, isCurrent, readResolutionRequests, type BracketOutcome, type ResolutionRequest } from '../../../server/vocabulary/bracketRequest.js'
import { negotiationMapName } from '../../../server/vocabulary/documentRoots.js'
import { bracketsOf, type Bracket } from '../../../server/vocabulary/brackets.js'
import { agreedByOthersOnly, listInWords, negotiatedAt, negotiatedNodes, negotiationSignature, type NegotiatedNode } from '../negotiatedNodes.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { errorText } from '../i18n/errorWords.js'
import { sayWords } from '../i18n/serverWords.js'
import { isRefusalWords } from '../../../server/vocabulary/refusal.js'
import { listOf, t } from '../i18n/translator.js'
import { partInSentence, statusName, type PartKind } from '../i18n/vocabularyWords.js'

/** What resolving `bracket` by keeping `keep` (null: removing every alternative) does, in words. */
const resolutionWords = (bracket: Pick<Bracket, 'alternatives'>, keep: number | null) =>
  t('negotiation.resolution', { keep: keep === null ? 'none' : 'one', text: keep === null ? '' : (bracket.alternatives[keep] ?? '') })

export class NegotiationPanel {
  readonly element = h('section', { class: 'panel negotiation', 'aria-label': t('negotiation.label') })
  /** The clause or part at the cursor. */
  private readonly current = h('div', { class: 'negotiation-current', role: 'group', 'aria-label': t('negotiation.current') })
  /** The parts' statuses, and the agreement of everything the other party agreed ad referendum. */
  private readonly overview = h('div', { class: 'negotiation-overview', role: 'group', 'aria-label': t('negotiation.overview') })
  /**
   * The alternative being typed, and (for a member of neither party) whose proposal it is: one field each across
   * re-renders (the panel follows the caret a frame after it moves), so what is typed or chosen in them is never
   * dropped with the panel it was chosen in.
   */
  private readonly alternative = h('input', { type: 'text', class: 'alternative-text', placeholder: t('negotiation.alternative'), 'aria-label': t('negotiation.alternative') })
  private readonly ownerChoice: HTMLSelectElement | null
  /** One field for every agreement made here, kept while the panel redraws. */
  private readonly initials = h('input', { type: 'text', class: 'initials', maxlength: 10, placeholder: t('negotiation.initialsPlaceholder'), 'aria-label': t('negotiation.initialsLabel') })
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
    /** Shown under the clause at the cursor, before the whole document's overview (the delegation's private note). */
    underClause: HTMLElement | null = null,
  ) {
    const me = session.member
    this.ownerChoice =
      (me ? partyActedFor(me) : null) === null
        ? h('select', { class: 'bracket-owner', 'aria-label': t('negotiation.whoseProposal') }, session.document!.parties.map((party) => h('option', { value: party.code }, t('negotiation.proposalOf', { party: party.shortName }))))
        : null
    const agrees = me !== null && partyActedFor(me) !== null
    // The initials go with every agreement made here, one clause or all at once.
    if (agrees) this.element.append(h('label', { class: 'agreement-initials' }, `${t('negotiation.initialsFor')} `, this.initials))
    this.element.append(this.current, ...(underClause ? [underClause] : []), this.overview)
  }

  update(view: EditorView): void {
    this.view = view
    this.followRequests(view)
    this.updateOverview(view)
    const clause = negotiatedAt(view.state, this.style)
    const bracket = bracketAt(view.state)
    const requests = this.requests?.doc ? readResolutionRequests(this.requests.doc) : new Map<string, ResolutionRequest>()
    const brackets = clause ? bracketsOf(clause.node).map((found) => ({ ...found, request: currentRequest(requests.get(found.id), found) })) : []
    const signature = JSON.stringify([clause?.label, clause?.node.attrs, clause?.heading, brackets, bracket?.id, view.state.selection.empty])
    if (signature === this.signature) return
    this.signature = signature
    if (!clause || clause.id === null) {
      replaceChildren(this.current, h('p', { class: 'hint' }, t('negotiation.putCursor')))
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
      h('button', { class: 'status-action', 'data-action': status, onclick: act(() => this.api.setStatus(clauseId, status, initials.value || null), t('negotiation.moveDone', { label, move: text })) }, text)

    const actions: (HTMLElement | string)[] = []
    const agreedByMe = myParty !== null && state.agreements.some((agreement) => agreement.party === myParty)
    if (me && me.role !== 'observer') {
      if (state.status === 'draft') actions.push(move('under-negotiation', t('negotiation.start')))
      if (myParty && (state.status === 'under-negotiation' || (state.status === 'agreed-ad-referendum' && !agreedByMe))) {
        actions.push(move('agreed-ad-referendum', t(state.status === 'under-negotiation' ? 'negotiation.agreeAdReferendum' : 'negotiation.agreeCompleting', { party: nameOf(myParty) })))
      }
      if (state.status === 'agreed-ad-referendum' && agreedByMe) actions.push(move('under-negotiation', t('negotiation.withdrawAgreement')))
      if (state.status === 'agreed' && myParty) {
        const request = state.reopenRequest
        if (!request) actions.push(h('button', { class: 'status-action', 'data-action': 'request-reopen', onclick: act(() => this.api.reopen(clauseId, 'request'), t('negotiation.reopenRequested', { label })) }, t('negotiation.askReopen')))
        else if (request.party !== myParty) actions.push(h('button', { class: 'status-action', 'data-action': 'accept-reopen', onclick: act(() => this.api.reopen(clauseId, 'accept'), t('negotiation.reopened', { label })) }, t('negotiation.acceptReopen')))
        else actions.push(h('span', { class: 'hint' }, t('negotiation.awaitReopen')))
      }
    }

    const mayBracket = me && me.role !== 'observer' && !['agreed', 'agreed-ad-referendum'].includes(state.status)
    const mayResolve = me !== null && me.role !== 'observer'
    const owner = myParty ?? parties[0]!.code
    const ownerChoice = myParty ? null : this.ownerChoice
    const alternative = this.alternative
    // The field in use keeps the focus across the redraw.
    const inUse = [alternative, ownerChoice].find((field) => field !== null && field === document.activeElement) ?? null
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
      h('p', { class: `clause-status status-${state.status}`, 'data-status': state.status }, statusName(state.status)),
      state.agreements.length > 0
        ? h(
            'ul',
            { class: 'agreements' },
            state.agreements.map((agreement) =>
              h('li', {}, t('negotiation.agreedBy', { party: nameOf(agreement.party), name: agreement.name, initials: agreement.initials || 'none', date: formatDateTime(agreement.at) })),
            ),
          )
        : null,
      state.reopenRequest ? h('p', { class: 'reopen-request' }, t('negotiation.asksReopen', { party: nameOf(state.reopenRequest.party), name: state.reopenRequest.name })) : null,
      actions.length > 0 ? h('div', { class: 'status-actions' }, actions) : null,
      // A clause still open to negotiation may go; an agreed one is reopened first (the server says so too).
      me && me.role !== 'observer' && clause.node.type.name === 'clause' && !['agreed', 'agreed-ad-referendum'].includes(state.status)
        ? h('p', { class: 'clause-tools' }, h('button', { type: 'button', class: 'delete-clause', onclick: () => this.confirmDeletion(clauseId, `${label}${clause.heading ? ` — ${clause.heading}` : ''}`) }, t('negotiation.deleteClause')))
        : null,
      brackets.length > 0 && state.status !== 'draft' ? h('p', { class: 'hint' }, t('negotiation.resolveFirst')) : null,
      h('h4', {}, t('negotiation.bracketedCount', { count: brackets.length })),
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
              { class: 'bracket-selection', onclick: edit(() => bracketSelection(view.state, ownerChoice?.value ?? owner), t('negotiation.selectToBracket')) },
              t('negotiation.bracketSelection'),
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
                        const tr = current ? addAlternative(view.state, current, alternative.value, ownerChoice?.value ?? owner) : null
                        if (tr) alternative.value = ''
                        return tr
                      }, t('negotiation.typeAlternative')),
                    },
                    t('negotiation.addAlternative'),
                  ),
                )
              : null,
          )
        : null,
    )
    if (inUse?.isConnected) inUse.focus()
  }

  /** Asks, in a dialog, whether to delete the clause `title`; deletes it through the server only when confirmed. */
  private confirmDeletion(clauseId: string, title: string): void {
    const languages = this.session.document!.languages.others.length
    const dialog = openModal(
      t('negotiation.deleteQuestion', { title }),
      h(
        'div',
        {},
        h('p', {}, t('negotiation.deleteExplained', { languages: languages > 0 ? 'yes' : 'no' })),
        h(
          'p',
          { class: 'modal-actions' },
          h('button', { type: 'button', class: 'confirm-delete danger', onclick: () => {
            dialog.close()
            void this.act(() => this.api.deleteClause(clauseId), ({ deleted }) => t('negotiation.deleted', { label: deleted.label }))()
          } }, t('negotiation.confirmDelete')),
          h('button', { type: 'button', class: 'keep-clause', onclick: () => dialog.close() }, t('negotiation.keepClause')),
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
      this.notices.show(errorText(error), 'warning')
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
    const inSentence = (node: NegotiatedNode) => (node.kind === 'clause' ? node.label : partInSentence(node.kind as PartKind))
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
        const agreed = outcome.agreed.length > 0 ? t('negotiation.agreedFor', { party: myName, labels: listInWords(outcome.agreed.map((entry) => labelOf(entry.clauseId))) }) : t('negotiation.nothingAgreed')
        // One sentence for what was agreed, then one for each refusal, in the server's words.
        const refused = outcome.refused.map((entry) => t('negotiation.notAgreed', { label: labelOf(entry.clauseId), reason: isRefusalWords(entry.words) ? sayWords(entry.words) : entry.reason }))
        this.notices.show([agreed, ...refused].join(' '), outcome.refused.length > 0 ? 'warning' : 'info')
      } catch (error) {
        this.notices.show(errorText(error), 'warning')
      } finally {
        // The statuses arriving redraw the overview; until then, the button may be pressed again.
        button.disabled = false
      }
    }
    replaceChildren(
      this.overview,
      h('h4', {}, t('negotiation.partsHeading')),
      h(
        'ul',
        { class: 'part-statuses' },
        parts.map((part) =>
          h(
            'li',
            { 'data-part': part.kind, 'data-status': part.state.status },
            h('button', { class: 'part-link', 'data-clause-id': part.id ?? '', onclick: () => this.goTo(part.id) }, part.label),
            ' ',
            h('span', { class: `status status-${part.state.status}` }, statusName(part.state.status)),
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
                title: pending.length === 0 ? t('negotiation.nothingPending', { party: myName }) : t('negotiation.agrees', { labels: listInWords(pending.map(inSentence)) }),
                onclick: (event: Event) => void agreeAll(event.currentTarget as HTMLButtonElement),
              },
              t('negotiation.agreeAll', { parties: listOf(others.map((party) => party.shortName), 'and'), count: pending.length }),
            ),
            h('p', { class: 'hint' }, t('negotiation.agreeAllHint')),
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
              this.resolveButton(bracket, alt, t('negotiation.keep', { text }), t('negotiation.kept', { text }), myParty ?? null, nameOf, act),
              owner === myParty
                ? h('button', { class: 'withdraw-alternative', onclick: act(() => this.api.withdrawAlternative(id, alt), t('negotiation.withdrew', { text })) }, t('negotiation.withdrawAlternative', { text }))
                : null,
            ]
          : []
      return h('li', { class: 'bracket-alternative', 'data-owner': owner, 'data-alt': alt }, h('span', { class: 'bracket-owner-name' }, `${t('negotiation.ownerName', { party: nameOf(owner) })} `), `[${text}]`, ...moves)
    })
    const awaited = request && myParty ? request.awaiting.includes(myParty) : false
    const asker = request !== null && (request.party === null ? role === 'secretariat' : request.party === myParty)
    return h(
      'li',
      { 'data-bracket-id': id },
      h('ul', { class: 'bracket-alternatives' }, alternatives),
      mayAct && !request ? h('div', { class: 'bracket-actions' }, this.resolveButton(bracket, null, t('negotiation.remove'), t('negotiation.proposalRemoved'), myParty ?? null, nameOf, act)) : null,
      request
        ? h(
            'div',
            { class: 'resolution-request', 'data-awaiting': request.awaiting.join(' ') },
            h(
              'p',
              {},
              t('negotiation.requestPending', {
                asker: request.party ? nameOf(request.party) : t('negotiation.theSecretariat'),
                name: request.name,
                resolution: resolutionWords(bracket, request.keep),
                awaiting: listOf(request.awaiting.map(nameOf), 'and'),
              }),
            ),
            mayAct && awaited
              ? [
                  h('button', { class: 'accept-resolution', onclick: act(() => this.api.answerResolution(id, 'accept'), t('negotiation.accepted')) }, t('negotiation.accept')),
                  h('button', { class: 'decline-resolution', onclick: act(() => this.api.answerResolution(id, 'decline'), t('negotiation.declined')) }, t('negotiation.decline')),
                ]
              : null,
            mayAct && asker ? h('button', { class: 'cancel-resolution', onclick: act(() => this.api.answerResolution(id, 'cancel'), t('negotiation.requestCancelled')) }, t('negotiation.cancelRequest')) : null,
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
      outcome.resolved ? done : t('negotiation.askedToAccept', { parties: listOf((outcome.request?.awaiting ?? []).map(nameOf), 'and'), resolution: resolutionWords(bracket, keep) })
    return h(
      'button',
      {
        class: keep === null ? 'remove-bracket' : 'keep-alternative',
        title: needed.length === 0 ? t('negotiation.appliesAtOnce') : t('negotiation.asksToAccept', { parties: listOf(needed.map(nameOf), 'and') }),
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
