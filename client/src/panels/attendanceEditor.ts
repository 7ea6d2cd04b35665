/**
 * A delegation's list of people for a round, edited in the Rounds tab by
 * the secretariat (either delegation's) or a head of delegation (their
 * own) while the round is not closed: a table of name, title,
 * organisation and role, a row a person, scrolling in the panel however
 * many there are; "Add a person"; "Paste a list…", which reads rows copied
 * from a spreadsheet or a Word table, or typed one a line with semicolons
 * (`attendanceList.ts`), and shows them before they replace the list or
 * join it; and "Save", which sends the list (`PUT …/attendance/:party`).
 * The editor outlives the tab's redrawing: what is typed stays until it is
 * saved or cancelled.
 */

import type { Api, ListedAttendee } from '../api.js'
import type { Attendee, RoundView } from '../../../server/vocabulary/round.js'
import { h, replaceChildren } from '../dom.js'
import { checkListedPeople, listColumns, listProblemInWords, maxCellLength, readPastedList, type ListColumn, type ListedPerson, type ListProblem } from '../attendanceList.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import type { Notices } from './notices.js'

export interface AttendanceEditorOptions {
  api: Api
  notices: Notices
  round: number
  /** The delegation whose list it is. */
  party: { code: string; shortName: string }
  /** Its people as the server lists them now. */
  listed: readonly Attendee[]
  /** How many people the round may list for it: the round's limit less the other delegation's. */
  room: number
  /** Told the round as the server answers it once the list is saved. */
  onSaved: (round: RoundView) => void
  /** Told when the member cancels. */
  onCancel: () => void
}

/** How many of a list's problems are said at once; the rest are counted. */
const problemsShown = 8

export class AttendanceEditor {
  readonly element: HTMLElement
  private rows: ListedPerson[]
  /** The list as the server had it when the editor last followed it, as JSON: a change there while the member edits is said. */
  private base: string
  private modified = false
  private room: number
  private readonly heading = h('h6', { class: 'attendance-editor-heading' })
  private readonly state = h('span', { class: 'attendance-editor-state', role: 'status' })
  private readonly body = h('tbody', {})
  private readonly scroller: HTMLElement
  private readonly problems = h('div', { class: 'list-problems', role: 'alert' })
  private readonly pasteBox: HTMLElement
  private readonly pasteText: HTMLTextAreaElement
  private readonly pasteResult = h('div', { class: 'paste-result' })
  private readonly saveButton: HTMLButtonElement

  constructor(private readonly options: AttendanceEditorOptions) {
    const name = options.party.shortName
    this.rows = options.listed.map(personOf)
    this.base = JSON.stringify(this.rows)
    this.room = options.room
    const column = (key: 'number' | ListColumn | 'remove') =>
      h('th', { scope: 'col', class: `column-${key}` }, key === 'number' ? t('rounds.column.number') : key === 'remove' ? null : t(`rounds.list.column.${key}`))
    this.scroller = h(
      'div',
      { class: 'attendance-scroll' },
      h('table', { class: 'attendance attendance-edit' }, h('thead', {}, h('tr', {}, column('number'), listColumns.map(column), column('remove'))), this.body),
    )
    this.pasteText = h('textarea', { class: 'paste-list', rows: 6, spellcheck: 'false', placeholder: t('rounds.paste.example'), 'aria-describedby': `paste-hint-${options.round}-${options.party.code}` })
    this.pasteBox = h(
      'div',
      { class: 'paste-box' },
      h('label', { class: 'paste-label' }, t('rounds.paste.label', { name }), this.pasteText),
      h('p', { class: 'hint', id: `paste-hint-${options.round}-${options.party.code}` }, t('rounds.paste.hint')),
      h(
        'div',
        { class: 'attendance-buttons' },
        h('button', { type: 'button', class: 'read-list', onclick: () => this.readPasted() }, t('rounds.paste.read')),
        h('button', { type: 'button', class: 'close-paste', onclick: () => this.showPaste(false) }, t('rounds.paste.close')),
      ),
      this.pasteResult,
    )
    this.pasteBox.hidden = true
    this.saveButton = h('button', { type: 'button', class: 'save-list', onclick: () => void this.save() }, t('rounds.edit.save', { name }))
    this.element = h(
      'section',
      { class: 'attendance-editor', 'data-party': options.party.code, 'aria-label': t('rounds.edit.label', { name }) },
      h('div', { class: 'attendance-editor-head' }, this.heading, this.state),
      this.scroller,
      this.problems,
      h(
        'div',
        { class: 'attendance-buttons' },
        h('button', { type: 'button', class: 'add-person', onclick: () => this.addPerson() }, t('rounds.edit.add')),
        h('button', { type: 'button', class: 'open-paste', onclick: () => this.showPaste(true) }, t('rounds.edit.paste')),
        this.saveButton,
        h('button', { type: 'button', class: 'cancel-list', onclick: () => options.onCancel() }, t('rounds.edit.cancel')),
      ),
      this.pasteBox,
    )
    this.drawRows()
  }

  /** Whether the member changed the list since it was opened or saved. */
  get isModified(): boolean {
    return this.modified
  }

  /**
   * Follows the server's list of the delegation, read again: taken as it is
   * while the member has changed nothing, else kept, and the change said.
   */
  follow(listed: readonly Attendee[], room: number): void {
    this.room = room
    const server = JSON.stringify(listed.map(personOf))
    if (server === this.base) return
    this.base = server
    if (!this.modified) {
      this.rows = JSON.parse(server) as ListedPerson[]
      this.drawRows()
    } else this.state.textContent = t('rounds.edit.changedMeanwhile')
  }

  /** Where the member is in the table, to be given back after the tab is drawn again around the editor. */
  place(): number {
    return this.scroller.scrollTop
  }

  restorePlace(scrollTop: number): void {
    this.scroller.scrollTop = scrollTop
  }

  private drawRows(): void {
    const name = this.options.party.shortName
    this.heading.textContent = t('rounds.edit.heading', { name, count: this.rows.length })
    this.state.textContent = this.modified ? t('rounds.edit.unsaved') : ''
    replaceChildren(
      this.body,
      this.rows.length === 0
        ? h('tr', { class: 'empty' }, h('td', { colspan: 6 }, t('rounds.edit.empty')))
        : this.rows.map((row, index) =>
            h(
              'tr',
              {},
              h('td', { class: 'column-number' }, String(index + 1)),
              listColumns.map((column) =>
                h(
                  'td',
                  {},
                  h('input', {
                    type: 'text',
                    class: `cell-${column}`,
                    value: row[column],
                    maxlength: maxCellLength,
                    placeholder: t(`rounds.list.column.${column}`),
                    'aria-label': t('rounds.edit.cell', { column, row: index + 1 }),
                    oninput: (event: Event) => {
                      row[column] = (event.target as HTMLInputElement).value
                      this.changed()
                    },
                  }),
                ),
              ),
              h('td', { class: 'column-remove' }, h('button', { type: 'button', class: 'remove-person', 'aria-label': t('rounds.edit.remove', { row: index + 1 }), onclick: () => this.removePerson(index) }, '×')),
            ),
          ),
    )
  }

  private changed(): void {
    if (!this.modified) {
      this.modified = true
      this.state.textContent = t('rounds.edit.unsaved')
    }
  }

  private addPerson(): void {
    this.rows.push({ name: '', title: '', organisation: '', role: '' })
    this.changed()
    this.drawRows()
    const input = this.body.querySelector<HTMLInputElement>('tr:last-child .cell-name')
    input?.focus()
    input?.scrollIntoView({ block: 'nearest' })
  }

  private removePerson(index: number): void {
    this.rows.splice(index, 1)
    this.changed()
    this.drawRows()
    // The focus goes to the row that took its place, else the one before, else the button that adds one.
    const rows = this.body.querySelectorAll<HTMLButtonElement>('.remove-person')
    ;(rows[Math.min(index, rows.length - 1)] ?? this.element.querySelector<HTMLButtonElement>('.add-person'))?.focus()
  }

  private showPaste(shown: boolean): void {
    this.pasteBox.hidden = !shown
    replaceChildren(this.pasteResult)
    if (shown) this.pasteText.focus()
    else this.element.querySelector<HTMLButtonElement>('.open-paste')?.focus()
  }

  /** Reads what was pasted and shows the people it lists, or why it cannot be read. */
  private readPasted(): void {
    const reading = readPastedList(this.pasteText.value, this.room)
    if (reading.problems.length > 0) {
      replaceChildren(this.pasteResult, h('p', { class: 'list-problem-lead' }, t('rounds.paste.notRead')), problemList(reading.problems, 'paste'))
      return
    }
    const count = reading.people.length
    const listed = this.rows.filter((row) => row.name.trim() !== '').length
    const take = (people: ListedPerson[]) => () => {
      const checked = checkListedPeople(people, this.room)
      if (checked.problems.length > 0) {
        replaceChildren(this.pasteResult, problemList(checked.problems, 'paste'))
        return
      }
      this.rows = checked.people
      this.changed()
      this.drawRows()
      this.pasteText.value = ''
      this.pasteBox.hidden = true
      replaceChildren(this.pasteResult)
      this.saveButton.focus()
    }
    replaceChildren(
      this.pasteResult,
      h('p', { class: 'paste-summary', role: 'status' }, t('rounds.paste.preview', { count, header: reading.header ? 'yes' : 'no' })),
      count === 0 ? null : h('div', { class: 'attendance-scroll paste-preview' }, attendanceTable(reading.people)),
      count === 0
        ? null
        : h(
            'div',
            { class: 'attendance-buttons' },
            h('button', { type: 'button', class: 'take-list', onclick: take(reading.people) }, t('rounds.paste.replace', { count, listed })),
            listed === 0 ? null : h('button', { type: 'button', class: 'append-list', onclick: take([...this.rows, ...reading.people]) }, t('rounds.paste.append', { count, listed })),
          ),
    )
  }

  /** Sends the list as the delegation's; what stops it is said under the table. */
  private async save(): Promise<void> {
    const { api, notices, round, party } = this.options
    const checked = checkListedPeople(this.rows, this.room)
    if (checked.problems.length > 0) {
      replaceChildren(this.problems, h('p', { class: 'list-problem-lead' }, t('rounds.edit.notChecked')), problemList(checked.problems, 'table'))
      return
    }
    replaceChildren(this.problems)
    const attendance: ListedAttendee[] = checked.people.map((person) => ({
      party: party.code,
      name: person.name,
      title: person.title || null,
      organisation: person.organisation || null,
      role: person.role || null,
    }))
    this.saveButton.disabled = true
    try {
      const saved = await api.setAttendance(round, party.code, attendance)
      this.modified = false
      notices.show(t('rounds.edit.saved', { name: party.shortName, number: round, count: attendance.length }))
      this.options.onSaved(saved)
    } catch (error) {
      replaceChildren(this.problems, h('p', {}, t('rounds.edit.notSaved', { name: party.shortName, reason: reasonOf(error) })))
    } finally {
      this.saveButton.disabled = false
    }
  }
}

/** A list's problems, the first few said and the rest counted. */
function problemList(problems: readonly ListProblem[], source: 'paste' | 'table'): HTMLElement {
  const more = problems.length - problemsShown
  return h(
    'ul',
    { class: 'list-problems-items' },
    problems.slice(0, problemsShown).map((problem) => h('li', {}, listProblemInWords(problem, source))),
    more > 0 ? h('li', {}, t('rounds.list.moreProblems', { count: more })) : null,
  )
}

const personOf = (attendee: Pick<Attendee, 'name' | 'title' | 'organisation' | 'role'>): ListedPerson => ({
  name: attendee.name,
  title: attendee.title,
  organisation: attendee.organisation,
  role: attendee.role,
})

/**
 * A delegation's people as a table narrow enough for the tools panel:
 * number, name with title and organisation under it, role.
 */
export function attendanceTable(attendees: readonly ListedPerson[]): HTMLElement {
  const column = (key: 'number' | 'name' | 'role') => h('th', { scope: 'col', class: `column-${key}` }, t(`rounds.column.${key}`))
  const detail = (attendee: ListedPerson) => [attendee.title, attendee.organisation].filter((part) => part !== '').join(t('list.separator'))
  return h(
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
  )
}
