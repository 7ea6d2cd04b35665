/**
 * The Rounds tab: the negotiation's rounds of meetings (`GET …/rounds`)
 * and, for the one chosen — the round open, else the last closed, else the
 * next planned, until the member picks another — its place, dates and
 * state, its agenda, what it did clause by clause (`GET …/rounds/:n`: the
 * text's change and each decision in words, a click going to the clause),
 * its attendance by delegation, "Compare since the round opened" (the
 * compare of its opening revision with the live text, in the page), and
 * once it is closed, for the secretariat and the heads of delegation, the
 * Record of Discussion of either party. The secretariat plans rounds
 * ("Plan a round…", `roundPlanner.ts`) and opens and closes them, each
 * step confirmed first; until a round is closed, the secretariat edits
 * either delegation's list of people and a head of delegation their own
 * (`attendanceEditor.ts`), the editor kept, with what is typed in it,
 * while the tab is drawn again. Read again when the document's event
 * stream tells of rounds, when the tab is shown, and — while it is in view
 * — when the negotiation's state moves in the text.
 */

import type { Api } from '../api.js'
import type { PartyView, SessionView } from '../../../server/vocabulary/views.js'
import { keepsRounds, maxAttendees, setsAttendanceOf, type Attendee, type RoundClauseChange, type RoundView } from '../../../server/vocabulary/round.js'
import { h, replaceChildren, saveFile } from '../dom.js'
import { attendanceByDelegation, clauseChangeInWords, roundDates, roundStateInWords } from '../roundSummary.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { languageNameInInterface } from '../i18n/vocabularyWords.js'
import { openComparison, type TextState } from './comparisonDialog.js'
import { AttendanceEditor, attendanceTable } from './attendanceEditor.js'
import { openModal } from './modal.js'
import type { Notices } from './notices.js'
import { openRoundPlanner, type AgendaClause } from './roundPlanner.js'
import { TextFollower } from './textFollower.js'

export interface RoundsPanelOptions {
  api: Api
  session: SessionView
  notices: Notices
  /** A clause's label in the interface's language now ("ข้อ 6"), or null for one no longer in the text. */
  clauseLabel: (clauseId: string) => string | null
  /** Puts the caret in the clause `clauseId` and scrolls the text to it. */
  jumpTo: (clauseId: string) => void
  /** Told the rounds each time they are read (the header names the one under way). */
  onRounds: (rounds: readonly RoundView[]) => void
  /** The clauses of the text now, in order, as an agenda may name them. */
  clauses: () => AgendaClause[]
}

export class RoundsPanel {
  readonly element: HTMLElement
  private readonly status = h('p', { class: 'hint rounds-status', role: 'status' }, t('rounds.loading'))
  private readonly list = h('ul', { class: 'round-list', 'aria-label': t('rounds.list') })
  private readonly detail = h('div', { class: 'round-detail' })
  /** The language of the Record of Discussion, kept while the round is drawn again. */
  private readonly recordLanguage: HTMLSelectElement
  private readonly parties: PartyView[]
  private rounds: RoundView[] = []
  /** The round chosen by the member, by number; null until they choose (the default then follows the rounds). */
  private chosen: number | null = null
  private reading: Promise<void> | null = null
  private again: Promise<void> | null = null
  private readonly follower = new TextFollower(() => this.element, () => this.refresh())
  /** Whether this member plans, opens and closes rounds (the secretariat, the administrator). */
  private readonly keeper: boolean
  /** The delegations' lists being edited, by round and party ("3:TH"), kept while the tab is drawn again. */
  private readonly editors = new Map<string, AttendanceEditor>()
  /** The delegations whose people the member unfolded, by round and party, kept unfolded when the round is drawn again. */
  private readonly unfolded = new Set<string>()
  /** The round shown and what it was drawn with, to draw it again only when that changed. */
  private shown: RoundView | null = null
  private drawnKey = ''

  constructor(private readonly options: RoundsPanelOptions) {
    const document_ = options.session.document!
    this.parties = document_.parties
    const languages = [document_.languages.working, ...document_.languages.others]
    this.recordLanguage = h('select', { class: 'record-language', 'aria-label': t('rounds.recordLanguage') }, languages.map((lang) => h('option', { value: lang }, languageNameInInterface(lang))))
    const member = options.session.member
    this.keeper = member === null || keepsRounds(member.role)
    this.element = h(
      'section',
      { class: 'panel rounds', 'aria-label': t('rounds.label') },
      h(
        'div',
        { class: 'rounds-head' },
        this.status,
        this.keeper ? h('button', { type: 'button', class: 'plan-round', onclick: () => this.plan() }, t('rounds.plan.button')) : null,
        h('button', { type: 'button', class: 'refresh', onclick: () => void this.refresh() }, t('rounds.refresh')),
      ),
      this.list,
      this.detail,
    )
  }

  /**
   * Reads the rounds and the chosen one again, one reading at a time; asked
   * while one is on its way, it reads once more after it (the answer in
   * flight may predate what asked).
   */
  refresh(): Promise<void> {
    if (this.reading) return (this.again ??= this.reading.then(() => ((this.again = null), this.refresh())))
    this.reading = this.read().finally(() => (this.reading = null))
    return this.reading
  }

  /** Told of the negotiation's state after a change of the text: when it moved and the panel is in view, what the round did is read again (`TextFollower`). */
  textChanged(signature: string): void {
    this.follower.textChanged(signature)
  }

  private async read(): Promise<void> {
    const { api } = this.options
    try {
      this.rounds = await api.rounds()
    } catch (error) {
      this.status.textContent = t('rounds.unreadable', { reason: reasonOf(error) })
      this.status.hidden = false
      return
    }
    this.options.onRounds(this.rounds)
    const number = this.shownNumber()
    this.status.textContent = this.rounds.length === 0 ? t('rounds.none') : ''
    this.status.hidden = this.rounds.length > 0
    this.drawList(number)
    if (number === null) {
      this.shown = null
      this.drawnKey = ''
      replaceChildren(this.detail)
      return
    }
    try {
      this.drawRound(await api.round(number))
    } catch (error) {
      this.drawnKey = ''
      replaceChildren(this.detail, h('p', { class: 'hint' }, t('rounds.unreadable', { reason: reasonOf(error) })))
    }
  }

  /** The round to show: the one chosen, else the one open, else the last closed, else the first planned. */
  private shownNumber(): number | null {
    const rounds = this.rounds
    if (this.chosen !== null && rounds.some((round) => round.number === this.chosen)) return this.chosen
    const byState = (state: RoundView['state']) => rounds.filter((round) => round.state === state)
    return (byState('open')[0] ?? byState('closed').at(-1) ?? byState('planned')[0])?.number ?? null
  }

  private choose(number: number): void {
    this.chosen = number
    void this.refresh()
  }

  private drawList(shown: number | null): void {
    replaceChildren(
      this.list,
      this.rounds.map((round) =>
        h(
          'li',
          { 'data-round': round.number, 'data-state': round.state },
          h(
            'button',
            { type: 'button', class: 'round-choice', 'aria-pressed': String(round.number === shown), onclick: () => this.choose(round.number) },
            h('span', { class: 'round-name' }, t('rounds.choice', { number: round.number, title: round.title })),
            h('span', { class: 'round-meta' }, t('rounds.choiceMeta', { place: round.place, dates: roundDates(round), state: round.state })),
          ),
        ),
      ),
    )
  }

  /**
   * Draws `round` — unless it is drawn already as it is, its clauses
   * numbered as they are — around the lists being edited, each keeping its
   * place, and the field being typed in its focus and caret.
   */
  private drawRound(round: RoundView): void {
    const clauseIds = [...round.agenda.map((item) => item.clauseId), ...(round.changes ?? []).map((change) => change.clauseId)]
    const key = JSON.stringify([round, clauseIds.map((id) => (id === null ? null : this.options.clauseLabel(id)))])
    this.shown = round
    if (key === this.drawnKey) return
    this.drawnKey = key
    const typing = document.activeElement
    const field = (typing instanceof HTMLInputElement && typing.type === 'text') || typing instanceof HTMLTextAreaElement ? typing : null
    const caret = field && ([field.selectionStart, field.selectionEnd] as const)
    const places = [...this.editors.values()].map((editor) => [editor, editor.place()] as const)
    this.draw(round)
    for (const [editor, place] of places) editor.restorePlace(place)
    if (field?.isConnected && document.activeElement !== field) {
      field.focus({ preventScroll: true })
      field.setSelectionRange(caret![0], caret![1])
    }
  }

  /** Draws the round's view again now, as it was last read (a list opened or closed for editing). */
  private redraw(): void {
    this.drawnKey = ''
    if (this.shown) this.drawRound(this.shown)
  }

  private draw(round: RoundView): void {
    const member = this.options.session.member
    const mayExport = member === null || member.role === 'secretariat' || member.role === 'head'
    const fact = (term: string, value: string) => [h('dt', {}, term), h('dd', {}, value)]
    replaceChildren(
      this.detail,
      h(
        'section',
        { class: 'round-view', 'data-round': round.number, 'data-state': round.state, 'aria-labelledby': 'round-view-heading' },
        h('h4', { id: 'round-view-heading' }, t('rounds.heading', { number: round.number, title: round.title })),
        h(
          'dl',
          { class: 'round-facts' },
          fact(t('rounds.term.place'), round.place),
          fact(t('rounds.term.dates'), roundDates(round)),
          fact(t('rounds.term.state'), roundStateInWords(round)),
        ),
        this.compareButtons(round),
        this.keeper ? this.stepButton(round) : null,
        h('h5', {}, t('rounds.agenda')),
        round.agenda.length === 0
          ? h('p', { class: 'empty' }, t('rounds.noAgenda'))
          : h(
              'ol',
              { class: 'round-agenda' },
              round.agenda.map((item) => {
                const label = item.clauseId === null ? null : this.options.clauseLabel(item.clauseId)
                return h('li', { 'data-clause-id': item.clauseId ?? '' }, label === null ? item.topic : t('rounds.agendaClause', { label, topic: item.topic }))
              }),
            ),
        h('h5', {}, t('rounds.changes')),
        this.changes(round),
        h('h5', {}, t('rounds.attendance', { count: round.attendance.length })),
        attendanceByDelegation(round.attendance, this.parties).map(({ party, name, attendees }) => this.delegation(round, party, name, attendees)),
        round.state === 'closed' && mayExport ? this.recordSection(round) : null,
      ),
    )
  }

  /** "Compare since the round opened" once it has opened; for a closed round, its opening and closing texts too. */
  private compareButtons(round: RoundView): HTMLElement | null {
    const opened = round.openedRevision
    if (opened === null) return null
    const compare = (to: TextState, title: string) => () =>
      void openComparison(this.options.api, this.parties, this.options.notices, opened, to, title).catch((error: unknown) =>
        this.options.notices.show(t('rounds.compareFailed', { reason: reasonOf(error) }), 'error'),
      )
    const closed = round.closedRevision
    return h(
      'div',
      { class: 'round-actions' },
      h('button', { type: 'button', class: 'compare-since-opened', onclick: compare('live', t('rounds.compareSinceTitle', { number: round.number, from: opened })) }, t('rounds.compareSince')),
      closed === null
        ? null
        : h('button', { type: 'button', class: 'compare-round', onclick: compare(closed, t('rounds.compareRoundTitle', { number: round.number, from: opened, to: closed })) }, t('rounds.compareRound')),
    )
  }

  /** What the round did, clause by clause; each clause still in the text a link to it. */
  private changes(round: RoundView): HTMLElement {
    if (round.changes === null || round.changes === undefined) return h('p', { class: 'empty' }, t('rounds.notOpened'))
    if (round.changes.length === 0) return h('p', { class: 'empty' }, t('rounds.nothingChanged', { state: round.state }))
    return h(
      'ul',
      { class: 'round-changes' },
      round.changes.map((change: RoundClauseChange) => {
        const label = this.options.clauseLabel(change.clauseId)
        const words = clauseChangeInWords(change, this.parties, label ?? change.label)
        return h(
          'li',
          { 'data-clause-id': change.clauseId, 'data-change': change.change },
          label === null ? words : h('button', { type: 'button', class: 'round-change-link', onclick: () => this.options.jumpTo(change.clauseId) }, words),
        )
      }),
    )
  }

  /** Each party's copy of the closed round's Record of Discussion, in the language chosen. */
  private recordSection(round: RoundView): HTMLElement {
    const download = async (party: PartyView) => {
      const query = new URLSearchParams({ counterpart: party.code, lang: this.recordLanguage.value })
      try {
        const { blob, filename } = await this.options.api.download(`/api/documents/${this.options.api.documentId}/rounds/${round.number}/record.docx?${query}`)
        saveFile(blob, filename)
        this.options.notices.show(t('rounds.downloaded', { file: filename }))
      } catch (error) {
        this.options.notices.show(t('rounds.notExported', { reason: reasonOf(error) }), 'error')
      }
    }
    return h(
      'div',
      { class: 'round-record' },
      h('h5', {}, t('rounds.record')),
      h('p', { class: 'hint' }, t('rounds.recordHint')),
      this.recordLanguage,
      h(
        'div',
        { class: 'record-buttons' },
        this.parties.map((party) => h('button', { type: 'button', class: 'download-record', 'data-party': party.code, onclick: () => void download(party) }, t('rounds.recordFor', { party: party.shortName }))),
      ),
    )
  }

  /**
   * A delegation's attendance: folded to its name and count, opening on a
   * table of its people; with "Edit the list of …" for a member who may
   * set it while the round is not closed — or, while it is being edited,
   * the editor.
   */
  private delegation(round: RoundView, party: string, name: string, attendees: readonly Attendee[]): HTMLElement {
    const key = `${round.number}:${party}`
    const editor = this.editors.get(key)
    const room = maxAttendees - round.attendance.filter((attendee) => attendee.party !== party).length
    if (editor && round.state !== 'closed') {
      editor.follow(attendees, room)
      return editor.element
    }
    if (editor) {
      // Closed meanwhile: the list stays as the round closed with it.
      this.editors.delete(key)
      if (editor.isModified) this.options.notices.show(t('rounds.edit.closedMeanwhile', { number: round.number, name }), 'error')
    }
    const folded = h(
      'details',
      { class: 'round-delegation', 'data-party': party, open: this.unfolded.has(key) },
      h('summary', {}, t('rounds.delegation', { name, count: attendees.length })),
      attendees.length === 0 ? h('p', { class: 'empty' }, t('rounds.noAttendees')) : attendanceTable(attendees),
    )
    folded.addEventListener('toggle', () => (folded.open ? this.unfolded.add(key) : this.unfolded.delete(key)))
    const mayEdit = round.state !== 'closed' && this.parties.some((known) => known.code === party) && this.setsAttendance(party)
    return h(
      'div',
      { class: 'delegation-attendance', 'data-party': party },
      folded,
      mayEdit ? h('button', { type: 'button', class: 'edit-list', 'data-party': party, onclick: () => this.edit(round, party, name, attendees, room) }, t('rounds.edit.button', { name })) : null,
    )
  }

  /** Whether this member sets who attends for `party`: the secretariat (and the administrator) either's, a head of delegation its own. */
  private setsAttendance(party: string): boolean {
    const member = this.options.session.member
    return member === null || setsAttendanceOf(member, party)
  }

  /** Opens the list of `party` for editing, in place of its table. */
  private edit(round: RoundView, party: string, name: string, attendees: readonly Attendee[], room: number): void {
    const key = `${round.number}:${party}`
    const done = () => {
      this.editors.delete(key)
      this.redraw()
      this.detail.querySelector<HTMLButtonElement>(`.edit-list[data-party="${party}"]`)?.focus()
    }
    const editor = new AttendanceEditor({
      api: this.options.api,
      notices: this.options.notices,
      round: round.number,
      party: { code: party, shortName: name },
      listed: attendees,
      room,
      onSaved: (saved) => {
        // The list as the server keeps it shown at once; what the round did is read again with it.
        if (this.shown?.number === saved.number) this.shown = { ...this.shown, attendance: saved.attendance }
        this.unfolded.add(key)
        done()
        void this.refresh()
      },
      onCancel: done,
    })
    this.editors.set(key, editor)
    this.redraw()
    editor.element.querySelector<HTMLElement>('input, .add-person')?.focus()
  }

  /** "Plan a round…": the dialog, then the round planned shown. */
  private plan(): void {
    openRoundPlanner({
      api: this.options.api,
      notices: this.options.notices,
      clauses: this.options.clauses(),
      onPlanned: (round) => this.choose(round.number),
    })
  }

  /** "Open round N…" for a planned round, "Close round N…" for the one open. */
  private stepButton(round: RoundView): HTMLElement | null {
    if (round.state === 'closed') return null
    const step = round.state === 'planned' ? 'open' : 'close'
    return h(
      'div',
      { class: 'round-actions round-steps' },
      h('button', { type: 'button', class: `${step}-round`, onclick: () => this.confirmStep(round, step) }, t(`rounds.${step}.button`, { number: round.number })),
    )
  }

  /** Asks, in a dialog, whether to open or close `round`; does it through the server only when confirmed. */
  private confirmStep(round: RoundView, step: 'open' | 'close'): void {
    const values = { number: round.number, title: round.title }
    const dialog = openModal(
      t(`rounds.${step}.question`, values),
      h(
        'div',
        {},
        h('p', {}, t(`rounds.${step}.explained`, values)),
        h(
          'p',
          { class: 'modal-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'confirm-step',
              onclick: () => {
                dialog.close()
                void this.step(round.number, step)
              },
            },
            t(`rounds.${step}.confirm`, values),
          ),
          h('button', { type: 'button', class: 'cancel-step', onclick: () => dialog.close() }, t('rounds.step.cancel')),
        ),
      ),
    )
  }

  private async step(number: number, step: 'open' | 'close'): Promise<void> {
    try {
      await this.options.api.stepRound(number, step)
      this.options.notices.show(t(step === 'open' ? 'rounds.opened' : 'rounds.closed', { number }))
      this.chosen = number
    } catch (error) {
      this.options.notices.show(t('rounds.stepRefused', { step, number, reason: reasonOf(error) }), 'error')
    }
    await this.refresh()
  }
}
