/**
 * A delegation's list of people for a round, as the secretariat or a head
 * of delegation pastes it or types it in the table: rows copied from a
 * spreadsheet or a Word table (cells separated by tabs), or typed one
 * person a line, "Name; Title; Organisation; Role". Blank lines are
 * skipped, spaces tidied, a header row (in English, Thai or Khmer) and a
 * column of row numbers left out; what stops the list — a line of more
 * than four columns, a person without a name, a cell too long, more people
 * than the round has room for — comes back as problems naming the line.
 * Pure, so that it is tested without a browser
 * (`test/unit/client/attendanceList.test.ts`).
 */

import { maxAttendees, type Attendee } from '../../server/vocabulary/round.js'
import { catalogues, t } from './i18n/translator.js'

/** A person on a delegation's list, before it is sent as the party's: the title, organisation and role may be empty. */
export type ListedPerson = Omit<Attendee, 'party'>

/** The columns of a line, in order. */
export const listColumns = ['name', 'title', 'organisation', 'role'] as const
export type ListColumn = (typeof listColumns)[number]

/** Longest a cell may be: the server's limit on each of an attendee's texts. */
export const maxCellLength = 200

/** Why a list is not taken; `line` counts from 1 — the pasted text's lines (blank ones too), or the table's rows. */
export type ListProblem =
  | { kind: 'columns'; line: number; columns: number }
  | { kind: 'noName'; line: number }
  | { kind: 'tooLong'; line: number; column: ListColumn; length: number }
  | { kind: 'tooMany'; count: number; room: number }

export interface ListReading {
  /** The people read, in order. */
  people: ListedPerson[]
  /** Whether the first line was a header row and was skipped. */
  header: boolean
  /** What stops the list from being taken, line by line (none: it reads). */
  problems: ListProblem[]
}

/**
 * Reads a pasted list: each line one person — its cells separated by tabs
 * when it has any, else by semicolons — in the order name, title,
 * organisation, role (those after the name may be left out). A first line
 * whose cells are all column headings, a name's among them, is a header
 * and skipped; a first column of row numbers ("1", "2.", "๑") is left out.
 * At most `room` people (by default all a round lists).
 */
export function readPastedList(text: string, room: number = maxAttendees): ListReading {
  const people: ListedPerson[] = []
  const problems: ListProblem[] = []
  let header = false
  let first = true
  let numbered = false
  const lines = text.split(/\r\n|\r|\n/)
  lines.forEach((raw, index) => {
    const cells = (raw.includes('\t') ? raw.split('\t') : raw.split(';')).map(tidyCell)
    while (cells.length > 0 && cells.at(-1) === '') cells.pop()
    if (cells.length === 0) return
    if (first) {
      first = false
      if (isHeader(cells)) {
        header = true
        numbered = headingOf(cells[0]!) === 'number'
        return
      }
    }
    if (numbered || isRowNumber(cells[0]!)) cells.shift()
    const line = index + 1
    if (cells.length > listColumns.length) problems.push({ kind: 'columns', line, columns: cells.length })
    else addPerson(cells, line, people, problems)
  })
  if (people.length > room) problems.push({ kind: 'tooMany', count: people.length, room })
  return { people, header, problems }
}

/**
 * Checks the rows of the table editor as they are to be sent: each cell
 * tidied, rows left empty dropped, a row without a name or with a cell too
 * long a problem (numbered as the table numbers its rows), at most `room`
 * people.
 */
export function checkListedPeople(rows: readonly ListedPerson[], room: number = maxAttendees): ListReading {
  const people: ListedPerson[] = []
  const problems: ListProblem[] = []
  rows.forEach((row, index) => {
    const cells = listColumns.map((column) => tidyCell(row[column]))
    if (cells.some((cell) => cell !== '')) addPerson(cells, index + 1, people, problems)
  })
  if (people.length > room) problems.push({ kind: 'tooMany', count: people.length, room })
  return { people, header: false, problems }
}

/** A list's problem in words: "Line 7 has 6 columns: …" (`source` "paste"), "Person 3 has no name…" (`source` "table"). */
export function listProblemInWords(problem: ListProblem, source: 'paste' | 'table'): string {
  switch (problem.kind) {
    case 'columns':
      return t('rounds.list.problem.columns', { line: problem.line, columns: problem.columns })
    case 'noName':
      return t('rounds.list.problem.noName', { source, line: problem.line })
    case 'tooLong':
      return t('rounds.list.problem.tooLong', { source, line: problem.line, column: problem.column, length: problem.length, max: maxCellLength })
    case 'tooMany':
      return t('rounds.list.problem.tooMany', { count: problem.count, room: problem.room, max: maxAttendees })
  }
}

/** The person of `cells` (name first) added to `people`, or what is wrong with it added to `problems`. */
function addPerson(cells: readonly string[], line: number, people: ListedPerson[], problems: ListProblem[]): void {
  const person = { name: '', title: '', organisation: '', role: '' } satisfies ListedPerson
  let fine = true
  listColumns.forEach((column, index) => {
    const cell = cells[index] ?? ''
    if (cell.length > maxCellLength) {
      problems.push({ kind: 'tooLong', line, column, length: cell.length })
      fine = false
    }
    person[column] = cell
  })
  if (person.name === '') {
    problems.push({ kind: 'noName', line })
    fine = false
  }
  if (fine) people.push(person)
}

/** A cell as it is kept: a spreadsheet's quotes around it taken off, spaces (no-break ones too) run together and trimmed. */
function tidyCell(cell: string): string {
  let text = cell.trim()
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replaceAll('""', '"')
  return text.replace(/\s+/gu, ' ').trim()
}

/** A cell that only numbers its row: "1", "12.", "3)", in Western, Thai or Khmer digits. */
const isRowNumber = (cell: string) => /^[0-9\u0E50-\u0E59\u17E0-\u17E9]{1,4}[.)]?$/u.test(cell)

type Heading = ListColumn | 'number'

/**
 * The column headings a list's header row is recognised by, in English,
 * Thai and Khmer: the words of the interface's own columns in every
 * language (so that the example the page gives is recognised too), and
 * the headings delegation lists are usually drawn up with.
 */
const headings: ReadonlyMap<string, Heading> = (() => {
  const usual: Record<Heading, string[]> = {
    number: ['no', 'no.', '#', 'number', 'item', 'ลำดับ', 'ลำดับที่', 'ที่', 'ល.រ', 'ល.រ.', 'លេខរៀង', 'ល/រ'],
    name: ['name', 'names', 'full name', 'name and surname', 'surname and name', 'ชื่อ', 'ชื่อ-สกุล', 'ชื่อ-นามสกุล', 'ชื่อ สกุล', 'ยศ ชื่อ-สกุล', 'ยศ-ชื่อ-สกุล', 'รายชื่อ', 'ឈ្មោះ', 'ឈ្មោះពេញ', 'គោត្តនាម និងនាម', 'នាម និងគោត្តនាម', 'គោត្តនាម-នាម'],
    title: ['title', 'rank', 'position', 'rank/title', 'title/position', 'designation', 'ตำแหน่ง', 'ยศ', 'ยศ/ตำแหน่ง', 'មុខតំណែង', 'តំណែង', 'ឋានន្តរស័ក្តិ', 'ងារ', 'ឋានៈ'],
    organisation: ['organisation', 'organization', 'agency', 'department', 'ministry', 'unit', 'institution', 'หน่วยงาน', 'สังกัด', 'ส่วนราชการ', 'กระทรวง', 'អង្គភាព', 'ស្ថាប័ន', 'ក្រសួង', 'នាយកដ្ឋាន'],
    role: ['role', 'role in the delegation', 'function', 'capacity', 'บทบาท', 'หน้าที่', 'ตำแหน่งในคณะ', 'บทบาทในคณะผู้แทน', 'តួនាទី', 'តួនាទីក្នុងគណៈប្រតិភូ', 'មុខងារ'],
  }
  const found = new Map<string, Heading>()
  for (const [heading, words] of Object.entries(usual) as [Heading, string[]][]) for (const word of words) found.set(headingKey(word), heading)
  for (const catalogue of Object.values(catalogues)) {
    for (const column of listColumns) found.set(headingKey(catalogue[`rounds.list.column.${column}`]), column)
    found.set(headingKey(catalogue['rounds.column.number']), 'number')
  }
  return found
})()

/** A heading as it is looked up: lower case, spaces around "-" and "/" dropped, a final "." or ":" dropped. */
function headingKey(text: string): string {
  return text
    .toLocaleLowerCase('en')
    .replace(/\s*([-/])\s*/gu, '$1')
    .replace(/[.:]$/u, '')
    .trim()
}

const headingOf = (cell: string): Heading | null => headings.get(headingKey(cell)) ?? null

/** A row of column headings only, one of them a name's. */
function isHeader(cells: readonly string[]): boolean {
  const named = cells.filter((cell) => cell !== '').map(headingOf)
  return named.every((heading) => heading !== null) && named.includes('name')
}
