/**
 * The Rounds tab: the negotiation's rounds of meetings (`GET …/rounds`)
 * and, for the one chosen — the round open, else the last closed, else the
 * next planned, until the member picks another — its place, dates and
 * state, its agenda, what it did clause by clause (`GET …/rounds/:n`: the
 * text's change and each decision in words, a click going to the clause),
 * its attendance by delegation, "Compare since the round opened" (the
 * compare of its opening revision with the live text, in the page), and
 * once it is closed, for the secretariat and the heads of delegation, the
 * Record of Discussion of either party. Read again when the document's
 * event stream tells of rounds, when the tab is shown, and — while it is
 * in view — when the negotiation's state moves in the text.
 */

import type { Api } from '../api.js'
import type { PartyView, SessionView } from '../../../server/vocabulary/views.js'
import type { Attendee, RoundClauseChange, RoundView } from '../../../server/vocabulary/round.js'
import { h, replaceChildren, saveFile } from '../dom.js'
import { attendanceByDelegation, clauseChangeInWords, roundDates, roundStateInWords } from '../roundSummary.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { languageNameInInterface } from '../i18n/vocabularyWords.js'
import { openComparison, type TextState } from './comparisonDialog.js'
import type { Notices } from './notices.js'

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
  private textSignature = ''
  private pending: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: RoundsPanelOptions) {
    const document_ = options.session.document!
    this.parties = document_.parties
    const languages = [document_.languages.working, ...document_.languages.others]
    this.recordLanguage = h('select', { class: 'record-language', 'aria-label': t('rounds.recordLanguage') }, languages.map((lang) => h('option', { value: lang }, languageNameInInterface(lang))))
    this.element = h(
      'section',
      { class: 'panel rounds', 'aria-label': t('rounds.label') },
      h('div', { class: 'rounds-head' }, this.status, h('button', { type: 'button', class: 'refresh', onclick: () => void this.refresh() }, t('rounds.refresh'))),
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

  /**
   * Told of the negotiation's state after a change of the text (statuses,
   * agreements, brackets: `signature`); when it moved while the tab is in
   * view, what the round did is read again, once the changes settle.
   */
  textChanged(signature: string): void {
    if (signature === this.textSignature) return
    const first = this.textSignature === ''
    this.textSignature = signature
    if (first || !this.isShown()) return
    if (this.pending) clearTimeout(this.pending)
    this.pending = setTimeout(() => {
      this.pending = null
      void this.refresh()
    }, 400)
  }

  private isShown(): boolean {
    return this.element.isConnected && this.element.closest('[hidden]') === null
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
      replaceChildren(this.detail)
      return
    }
    try {
      this.drawRound(await api.round(number))
    } catch (error) {
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

  private drawRound(round: RoundView): void {
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
        attendanceByDelegation(round.attendance, this.parties).map(({ name, attendees }) => delegationTable(name, attendees)),
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
}

/**
 * A delegation's attendance: folded to its name and count, opening on a
 * table of its people (sixty and more) narrow enough for the tools panel —
 * each person's title and organisation under their name.
 */
function delegationTable(name: string, attendees: readonly Attendee[]): HTMLElement {
  const column = (key: 'number' | 'name' | 'role') => h('th', { scope: 'col', class: `column-${key}` }, t(`rounds.column.${key}`))
  const detail = (attendee: Attendee) => [attendee.title, attendee.organisation].filter((part) => part !== '').join(t('list.separator'))
  return h(
    'details',
    { class: 'round-delegation' },
    h('summary', {}, t('rounds.delegation', { name, count: attendees.length })),
    attendees.length === 0
      ? h('p', { class: 'empty' }, t('rounds.noAttendees'))
      : h(
          'table',
          { class: 'attendance' },
          h('thead', {}, h('tr', {}, column('number'), column('name'), column('role'))),
          h(
            'tbody',
            {},
            attendees.map((attendee, index) =>
              h(
                'tr',
                {},
                h('td', {}, String(index + 1)),
                h('th', { scope: 'row' }, h('span', { class: 'attendee-name' }, attendee.name), detail(attendee) ? h('span', { class: 'attendee-detail' }, detail(attendee)) : null),
                h('td', {}, attendee.role),
              ),
            ),
          ),
        ),
  )
}
