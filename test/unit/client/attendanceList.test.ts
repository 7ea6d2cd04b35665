import { afterEach, describe, expect, it } from 'vitest'
import { checkListedPeople, listProblemInWords, readPastedList, type ListedPerson, type ListReading } from '../../../client/src/attendanceList.js'
import { catalogues, setInterfaceLanguage } from '../../../client/src/i18n/translator.js'
import { maxAttendees } from '../../../server/vocabulary/round.js'

afterEach(() => setInterfaceLanguage('en'))

/** A person: name, then title, organisation and role as given (the rest empty). */
const person = (name: string, title = '', organisation = '', role = ''): ListedPerson => ({ name, title, organisation, role })

/** Lines joined as a paste brings them (Windows line ends, as Excel and Word copy). */
const pasted = (...lines: string[]) => lines.join('\r\n')

/** A reading with no problem. */
const read = (people: ListedPerson[], header = false): ListReading => ({ people, header, problems: [] })

describe('a pasted list of a delegation', () => {
  it('reads rows copied from a spreadsheet, tab-separated, a person a row in the order name, title, organisation, role', () => {
    expect(readPastedList(pasted('Pol. Gen. Anan\tPolice General\tDSI\tHead of delegation', 'Khun Malee\tLegal Officer\tDSI\tMember'))).toEqual(
      read([person('Pol. Gen. Anan', 'Police General', 'DSI', 'Head of delegation'), person('Khun Malee', 'Legal Officer', 'DSI', 'Member')]),
    )
  })

  it('reads lines typed with semicolons, and lines giving fewer columns than four', () => {
    expect(readPastedList('Lok Sokha; Police Colonel; CNP; Member\nGen. Dara; General\nChan Vanna')).toEqual(
      read([person('Lok Sokha', 'Police Colonel', 'CNP', 'Member'), person('Gen. Dara', 'General'), person('Chan Vanna')]),
    )
  })

  it('skips blank lines and lines of empty cells, trims every cell and runs its spaces together (no-break spaces too)', () => {
    expect(readPastedList(pasted('', '  Lok   Sokha ;\u00a0Police  Colonel ; CNP ;  ', '\t\t\t', '   ', ' Gen. Dara\t\tCNP\t'))).toEqual(
      read([person('Lok Sokha', 'Police Colonel', 'CNP'), person('Gen. Dara', '', 'CNP')]),
    )
  })

  it('takes off the quotes a spreadsheet puts around a cell holding quotes', () => {
    expect(readPastedList('"Pol. Col. ""Big"" Somchai"\tPolice Colonel')).toEqual(read([person('Pol. Col. "Big" Somchai', 'Police Colonel')]))
  })

  it('recognises a header row in English, Thai or Khmer, and skips it', () => {
    const people = [person('Somchai', 'Police Colonel', 'DSI', 'Member')]
    for (const header of ['Name\tTitle\tOrganisation\tRole', 'Full name\tRank\tAgency\tRole in the delegation', 'NAME; POSITION; ORGANIZATION', 'ชื่อ-นามสกุล\tตำแหน่ง\tหน่วยงาน\tบทบาท', 'ชื่อ - สกุล\tยศ/ตำแหน่ง\tสังกัด', 'ឈ្មោះ\tមុខតំណែង\tអង្គភាព\tតួនាទី', 'គោត្តនាម និងនាម\tឋានន្តរស័ក្តិ\tស្ថាប័ន']) {
      expect(readPastedList(pasted(header, 'Somchai\tPolice Colonel\tDSI\tMember')), header).toEqual(read(people, true))
    }
  })

  it('recognises as a header the example the page gives, in each language of the interface', () => {
    for (const catalogue of Object.values(catalogues)) {
      expect(readPastedList(`${catalogue['rounds.paste.example']}\nSomchai; Police Colonel`)).toEqual(read([person('Somchai', 'Police Colonel')], true))
    }
  })

  it('takes a first line that is not all headings, or has no name heading, as a person', () => {
    expect(readPastedList('Name\tPolice Colonel\tDSI').people).toEqual([person('Name', 'Police Colonel', 'DSI')])
    expect(readPastedList('Title\tRole').people).toEqual([person('Title', 'Role')])
    // Only the first line may be a header.
    expect(readPastedList('Somchai\nName\tTitle').people).toEqual([person('Somchai'), person('Name', 'Title')])
  })

  it('leaves out a column of row numbers, in Western, Thai or Khmer digits, with or without a header naming it', () => {
    expect(readPastedList(pasted('1\tSomchai\tPolice Colonel\tDSI\tMember', '2.\tMalee', '๓)\tAnan', '៤\tDara'))).toEqual(
      read([person('Somchai', 'Police Colonel', 'DSI', 'Member'), person('Malee'), person('Anan'), person('Dara')]),
    )
    // Under a header naming the column, its cell goes even when empty.
    expect(readPastedList(pasted('No.\tName\tTitle', '\tSomchai\tPolice Colonel', '2\tMalee\tLegal Officer'))).toEqual(
      read([person('Somchai', 'Police Colonel'), person('Malee', 'Legal Officer')], true),
    )
    expect(readPastedList(pasted('ลำดับ\tชื่อ\tตำแหน่ง', '1\tสมชาย\tผู้กำกับการ')).people).toEqual([person('สมชาย', 'ผู้กำกับการ')])
    expect(readPastedList(pasted('ល.រ\tឈ្មោះ', '1\tសុខា')).people).toEqual([person('សុខា')])
  })

  it('refuses a line of more than four columns, naming the line as the paste numbers it (blank lines counted)', () => {
    const reading = readPastedList(pasted('Name\tTitle\tOrganisation\tRole', '', 'Somchai\tPolice Colonel\tDSI\tMember\tBangkok\tExtra', 'Malee\tLegal Officer'))
    expect(reading.problems).toEqual([{ kind: 'columns', line: 3, columns: 6 }])
    expect(reading.people).toEqual([person('Malee', 'Legal Officer')])
    expect(listProblemInWords(reading.problems[0]!, 'paste')).toBe('Line 3 has 6 columns: a line holds at most four — name, title, organisation and role.')
    setInterfaceLanguage('th')
    expect(listProblemInWords(reading.problems[0]!, 'paste')).toBe('บรรทัดที่ 3 มี 6 คอลัมน์ แต่หนึ่งบรรทัดมีได้ไม่เกินสี่คอลัมน์ ได้แก่ ชื่อ ตำแหน่ง หน่วยงาน และบทบาท')
    setInterfaceLanguage('km')
    expect(listProblemInWords(reading.problems[0]!, 'paste')).toBe('បន្ទាត់ទី 3 មាន 6 ជួរឈរ៖ មួយបន្ទាត់មានយ៉ាងច្រើនបួន — ឈ្មោះ មុខតំណែង អង្គភាព និងតួនាទី។')
  })

  it('refuses a line without a name, and a cell longer than the server keeps', () => {
    const long = 'x'.repeat(201)
    const reading = readPastedList(pasted('; Police Colonel; DSI', `Somchai; ${long}`))
    expect(reading.problems).toEqual([
      { kind: 'noName', line: 1 },
      { kind: 'tooLong', line: 2, column: 'title', length: 201 },
    ])
    expect(reading.people).toEqual([])
    expect(reading.problems.map((problem) => listProblemInWords(problem, 'paste'))).toEqual([
      'Line 1 has no name: the name comes first.',
      'Line 2: the title is 201 characters long, more than 200.',
    ])
  })

  it(`takes at most ${maxAttendees} people, or the room the round has left`, () => {
    const rows = (count: number) => Array.from({ length: count }, (_, index) => `Participant ${index + 1}\tPolice Colonel`).join('\n')
    expect(readPastedList(rows(maxAttendees)).problems).toEqual([])
    expect(readPastedList(rows(maxAttendees + 1)).problems).toEqual([{ kind: 'tooMany', count: 401, room: 400 }])
    const reading = readPastedList(rows(45), 40)
    expect(reading.problems).toEqual([{ kind: 'tooMany', count: 45, room: 40 }])
    expect(listProblemInWords(reading.problems[0]!, 'paste')).toBe('The list holds 45 people, more than the 40 it has room for: a round lists at most 400 people, both delegations together.')
  })

  it('reads nothing from an empty paste, without a problem', () => {
    expect(readPastedList('')).toEqual(read([]))
    expect(readPastedList('\n \n\t\n')).toEqual(read([]))
    expect(readPastedList('Name\tTitle')).toEqual(read([], true))
  })
})

describe('the rows of the table editor', () => {
  it('are tidied, the empty ones dropped, and a row without a name refused by its number in the table', () => {
    const reading = checkListedPeople([person(' Somchai ', 'Police  Colonel'), person(''), person('', 'Legal Officer'), person('Malee')])
    expect(reading.people).toEqual([person('Somchai', 'Police Colonel'), person('Malee')])
    expect(reading.problems).toEqual([{ kind: 'noName', line: 3 }])
    expect(listProblemInWords(reading.problems[0]!, 'table')).toBe('Person 3 has no name.')
    setInterfaceLanguage('km')
    expect(listProblemInWords(reading.problems[0]!, 'table')).toBe('អ្នកទី 3 គ្មានឈ្មោះ។')
  })

  it('hold at most the room the round has', () => {
    const rows = Array.from({ length: 3 }, (_, index) => person(`Participant ${index + 1}`))
    expect(checkListedPeople(rows, 3).problems).toEqual([])
    expect(checkListedPeople(rows, 2).problems).toEqual([{ kind: 'tooMany', count: 3, room: 2 }])
  })
})
