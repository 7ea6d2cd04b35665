/**
 * Rounds, in Chromium against a real server: the header names the next
 * round, then — as the secretariat opens it — the round under way; the
 * Rounds tab sets out its agenda, its attendance by delegation and what
 * changed in it clause by clause, the text a delegate typed during it and
 * the decisions taken, in words; "Compare since the round opened" shows
 * the typed words in the redline; once it is closed, a head of delegation
 * downloads a sealed Record of Discussion, which a delegate is not
 * offered. The secretariat plans, opens and closes a round in the page; a
 * head of delegation pastes the delegation's list of people and saves it,
 * and cannot touch the other delegation's; the list pasted is the one the
 * round's Record of Discussion sets out.
 */

import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { docxPart, paragraphTexts } from '../support/docxText.js'
import { clauseParagraph } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { fullDelegations, setStatus } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

type Opened = Awaited<ReturnType<typeof openAsMember>>

/** A delegation of `size` for `party`, as the secretariat lists it. */
const delegation = (party: string, size: number) =>
  Array.from({ length: size }, (_, index) => ({ party, name: `${party} participant ${index + 1}`, title: 'Police Colonel', organisation: party === 'TH' ? 'DSI' : 'CNP', role: index === 0 ? 'Head' : 'Member' }))

/** The page of member `token` of `documentId`. */
const open = (documentId: string, token: string): Promise<Opened> => openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${token}`)

/** Puts the caret at the start of the `clause`-th clause's (from 0) first paragraph. */
async function caretIn(page: Page, clause: number): Promise<void> {
  await clauseParagraph(page, clause).click({ position: { x: 2, y: 4 } })
  await page.keyboard.press('Home')
}

/** Checks that no page logged an error, then closes them. */
async function closeWithoutErrors(...opened: Opened[]): Promise<void> {
  expect(opened.flatMap(({ errors }) => errors)).toEqual([])
  for (const { context } of opened) await context.close()
}

describe('rounds in the page', () => {
  it('names the round in the header as it opens, sets out what changed in it clause by clause, compares since it opened in one click, and offers its record to a head of delegation once closed', async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const rounds = `/api/documents/${documentId}/rounds`
    const token = members.secretariat.token
    const planned = await server.request('POST', rounds, {
      token,
      body: {
        title: '11th Meeting',
        place: 'Phnom Penh',
        startDate: '2027-03-01',
        endDate: '2027-03-03',
        attendance: [...delegation('TH', 31), ...delegation('KH', 33)],
        agenda: [{ clauseId: clauseIds[3], topic: 'Time limits for requests' }, { clauseId: null, topic: 'Date of the next meeting' }],
      },
    })
    expect(planned.status).toBe(201)

    const th = await open(documentId, members.thDelegate.token)
    const header = th.page.locator('header.top .round-line')
    await eventually(async () => expect(await header.textContent()).toBe('Next: round 1 · 11th Meeting · Phnom Penh, 1–3 Mar 2027'))
    // Opened by the secretariat, the round reaches the header of a page already open.
    expect((await server.request('POST', `${rounds}/1/open`, { token })).status).toBe(200)
    await eventually(async () => expect(await header.textContent()).toBe('Round 1 · 11th Meeting · Phnom Penh, 1–3 Mar 2027'))

    // During the round the Thai delegate writes in Paragraph 4, and the Cambodian delegation agrees Paragraph 7 ad referendum.
    await caretIn(th.page, 3)
    await th.page.keyboard.type('Within thirty days, ')
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/content`, { token })
      expect((body.clauses as { id: string; text: string }[]).find((clause) => clause.id === clauseIds[3])!.text).toContain('Within thirty days, ')
    })
    await setStatus(server, documentId, clauseIds[6]!, members.khDelegate.token, 'under-negotiation')
    await setStatus(server, documentId, clauseIds[6]!, members.khDelegate.token, 'agreed-ad-referendum')

    await th.page.getByRole('tab', { name: 'Rounds' }).click()
    const panel = th.page.locator('section.rounds')
    const view = panel.locator('.round-view[data-round="1"]')
    await eventually(async () =>
      expect(await view.locator('.round-changes li').allTextContents()).toEqual([
        'Paragraph 4: text changed by DSI',
        'Paragraph 7: put under negotiation by CNP; agreed ad referendum by CNP',
      ]),
    )
    expect(await panel.locator('.round-list li').allTextContents()).toEqual(['Round 1 · 11th MeetingPhnom Penh, 1–3 Mar 2027 · open'])
    expect(await view.locator('.round-facts dd').allTextContents()).toEqual(['Phnom Penh', '1–3 Mar 2027', expect.stringMatching(/^Open since \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/)])
    expect(await view.locator('.round-agenda li').allTextContents()).toEqual(['Paragraph 4: Time limits for requests', 'Date of the next meeting'])
    // The attendance by delegation, each folded to its count, opening on a table of its people.
    expect(await view.locator('h5').allTextContents()).toContain('Attendance (64)')
    expect(await view.locator('.round-delegation summary').allTextContents()).toEqual(['DSI (31)', 'CNP (33)'])
    const cambodians = view.locator('.round-delegation').nth(1)
    await cambodians.locator('summary').click()
    expect(await cambodians.locator('tbody tr').count()).toBe(33)
    expect(await cambodians.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual(['1', 'KH participant 1Police Colonel, CNP', 'Head'])
    await th.page.screenshot({ path: artifactPath('rounds-tab.png') })

    // A change leads to its clause.
    await view.getByRole('button', { name: 'Paragraph 7: put under negotiation by CNP; agreed ad referendum by CNP' }).click()
    await eventually(async () => expect(await th.page.evaluate('counterpart.view().state.selection.$from.node(1).attrs.id')).toBe(clauseIds[6]))

    // One click compares the text since the round opened with the live text: the typed words are there, the Thai delegate's.
    await view.getByRole('button', { name: 'Compare since the round opened' }).click()
    const dialog = th.page.locator('dialog.modal')
    await dialog.waitFor()
    const { openedRevision } = (await server.request('GET', `${rounds}/1`)).body
    expect(await dialog.locator('#modal-title').textContent()).toBe(`Changes since round 1 opened (revision ${openedRevision} to the live text)`)
    const inserted = (await dialog.locator('.redline ins.change').allTextContents()).join('')
    expect(inserted).toContain('Inserted by Pol. Maj. Somchai (TH): ')
    expect(inserted.replaceAll('Inserted by Pol. Maj. Somchai (TH): ', '')).toBe('Within thirty days, ')
    await dialog.screenshot({ path: artifactPath('rounds-compare-since-opened.png') })
    await dialog.getByRole('button', { name: 'Close' }).click()
    // A delegate is not offered the Record of Discussion.
    expect(await view.locator('.download-record').count()).toBe(0)

    // Closed, the round leaves the header (no other is planned), and its record is a head of delegation's to download.
    expect((await server.request('POST', `${rounds}/1/close`, { token })).status).toBe(200)
    await eventually(async () => expect(await header.isHidden()).toBe(true))
    await eventually(async () => expect(await panel.locator('.round-view[data-round="1"]').getAttribute('data-state')).toBe('closed'))
    expect(await panel.locator('.download-record').count()).toBe(0)

    const head = await open(documentId, members.thHead.token)
    expect(await head.page.locator('header.top .round-line').isHidden()).toBe(true)
    await head.page.getByRole('tab', { name: 'Rounds' }).click()
    const record = head.page.locator('section.rounds .round-record')
    await record.waitFor()
    expect(await record.getByRole('button').allTextContents()).toEqual(['Record of Discussion, DSI copy', 'Record of Discussion, CNP copy'])
    const [download] = await Promise.all([head.page.waitForEvent('download'), record.getByRole('button', { name: 'Record of Discussion, CNP copy' }).click()])
    expect(download.suggestedFilename()).toBe(`record-${documentId.slice(0, 8)}-round1-KH-en.docx`)
    const bytes = fs.readFileSync(await download.path())
    const verdict = await fetch(`${server.url}/api/verify`, { method: 'POST', body: bytes }).then((response) => response.json())
    expect(verdict).toMatchObject({ valid: true, counterpart: 'KH', round: 1 })
    await closeWithoutErrors(th, head)
  }, 120_000)
})

describe('the secretariat’s rounds and the delegations’ lists in the page', () => {
  /** The Thai list as copied from a Word table: a header naming a column of row numbers, then `count` people, a blank line among them. */
  const thaiList = (count: number, extra = '') =>
    [
      'No.\tName\tTitle\tOrganisation\tRole',
      ...Array.from({ length: count }, (_, index) => `${index + 1}\tPol. Lt. Col. Anan ${index + 1}\tPolice Lieutenant Colonel\tDepartment of Special Investigation\t${index === 0 ? 'Head of delegation' : 'Member'}${index === 2 ? extra : ''}`),
    ]
      .flatMap((line, index) => (index === 10 ? ['', line] : [line]))
      .join('\r\n')

  it('plans a round with a clause on its agenda, takes forty-five people pasted by the Thai head, opens and closes the round with the header following, and sets out the pasted people in its Record of Discussion', async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const rounds = `/api/documents/${documentId}/rounds`
    const token = members.secretariat.token
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token })
    const fourth = (content.clauses as { id: string; label: string; heading: string }[])[3]!

    // The secretariat plans the round in the page: refused in words while the place is missing, then planned.
    const secretariat = await open(documentId, token)
    await secretariat.page.getByRole('tab', { name: 'Rounds' }).click()
    const panel = secretariat.page.locator('section.rounds')
    await panel.getByRole('button', { name: 'Plan a round…' }).click()
    const dialog = secretariat.page.locator('dialog.modal')
    await dialog.getByLabel('Title of the meeting').fill('12th Meeting')
    await dialog.getByLabel('First day').fill('2027-06-01')
    await dialog.getByLabel('Last day').fill('2027-06-03')
    const pick = dialog.getByRole('checkbox', { name: `${fourth.label} ${fourth.heading}` })
    await pick.check()
    const topic = dialog.getByRole('textbox', { name: `Topic of ${fourth.label} on the agenda` })
    expect(await topic.inputValue()).toBe(fourth.heading)
    await topic.fill('Time limits for requests')
    await dialog.getByLabel('Other topics, one a line').fill('Date of the next meeting\n')
    await dialog.getByRole('button', { name: 'Plan the round' }).click()
    expect(await dialog.locator('.plan-problems').textContent()).toBe('Give the place of the meeting.')
    await dialog.screenshot({ path: artifactPath('rounds-plan.png') })
    await dialog.getByLabel('Place').fill('Siem Reap')
    await dialog.getByRole('button', { name: 'Plan the round' }).click()
    await dialog.waitFor({ state: 'detached' })
    await eventually(async () => expect(await secretariat.page.locator('.notices').textContent()).toContain('Round 1, “12th Meeting”, is planned.'))
    const view = panel.locator('.round-view[data-round="1"]')
    await eventually(async () => expect(await view.locator('.round-agenda li').allTextContents()).toEqual([`${fourth.label}: Time limits for requests`, 'Date of the next meeting']))
    expect((await server.request('GET', `${rounds}/1`, { token })).body.agenda).toEqual([
      { clauseId: clauseIds[3], topic: 'Time limits for requests' },
      { clauseId: null, topic: 'Date of the next meeting' },
    ])
    const header = (page: Page) => page.locator('header.top .round-line')
    await eventually(async () => expect(await header(secretariat.page).textContent()).toBe('Next: round 1 · 12th Meeting · Siem Reap, 1–3 Jun 2027'))
    // The secretariat may edit either delegation's list.
    expect(await view.locator('.edit-list').allTextContents()).toEqual(['Edit the list of DSI', 'Edit the list of CNP'])

    // The Thai head pastes the delegation's list: a line of too many columns is refused, naming it; then forty-five are read and saved.
    const head = await open(documentId, members.thHead.token)
    await head.page.getByRole('tab', { name: 'Rounds' }).click()
    const headView = head.page.locator('section.rounds .round-view[data-round="1"]')
    await headView.waitFor()
    expect(await headView.locator('.edit-list').allTextContents()).toEqual(['Edit the list of DSI'])
    await headView.getByRole('button', { name: 'Edit the list of DSI' }).click()
    const editor = headView.locator('.attendance-editor[data-party="TH"]')
    await editor.getByRole('button', { name: 'Paste a list…' }).click()
    const pasteBox = editor.getByRole('textbox', { name: 'Paste the list of DSI' })
    await pasteBox.fill(thaiList(45, '\tBangkok'))
    await editor.getByRole('button', { name: 'Read the list' }).click()
    expect(await editor.locator('.paste-result').textContent()).toBe('The list was not read:Line 4 has 5 columns: a line holds at most four — name, title, organisation and role.')
    await pasteBox.fill(thaiList(45))
    await editor.getByRole('button', { name: 'Read the list' }).click()
    expect(await editor.locator('.paste-summary').textContent()).toBe('45 people read from the list, its header row left out.')
    expect(await editor.locator('.paste-preview tbody tr').count()).toBe(45)
    await editor.getByRole('button', { name: 'Take these 45 people' }).click()
    expect(await editor.locator('.attendance-edit tbody tr').count()).toBe(45)
    expect(await editor.locator('.attendance-editor-state').textContent()).toBe('Not saved yet')
    // Sixty and more stay usable: the table scrolls within the panel, nothing of it beyond the panel's sides.
    const scroller = editor.locator('.attendance-scroll')
    expect(await scroller.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true)
    const panelBox = (await head.page.locator('section.rounds').boundingBox())!
    const editorBox = (await editor.boundingBox())!
    expect(editorBox.x).toBeGreaterThanOrEqual(panelBox.x)
    expect(editorBox.x + editorBox.width).toBeLessThanOrEqual(panelBox.x + panelBox.width + 0.5)
    // A cell corrected in the table before saving.
    await editor.getByRole('textbox', { name: 'Role of person 2', exact: true }).fill('Deputy head of delegation')
    await head.page.screenshot({ path: artifactPath('rounds-attendance-editor.png') })
    await editor.getByRole('button', { name: 'Save the list of DSI' }).click()
    await eventually(async () => expect(await head.page.locator('.notices').textContent()).toContain('The list of DSI for round 1 is saved: 45 people.'))
    await eventually(async () => expect(await headView.locator('.attendance-editor').count()).toBe(0))
    await eventually(async () => expect(await headView.locator('.round-delegation summary').allTextContents()).toEqual(['DSI (45)', 'CNP (0)']))
    const saved = (await server.request('GET', `${rounds}/1`, { token })).body.attendance as { party: string; name: string; title: string; organisation: string; role: string }[]
    expect(saved.map(({ name }) => name)).toEqual(Array.from({ length: 45 }, (_, index) => `Pol. Lt. Col. Anan ${index + 1}`))
    expect(saved.slice(0, 3)).toEqual([
      { party: 'TH', name: 'Pol. Lt. Col. Anan 1', title: 'Police Lieutenant Colonel', organisation: 'Department of Special Investigation', role: 'Head of delegation' },
      { party: 'TH', name: 'Pol. Lt. Col. Anan 2', title: 'Police Lieutenant Colonel', organisation: 'Department of Special Investigation', role: 'Deputy head of delegation' },
      { party: 'TH', name: 'Pol. Lt. Col. Anan 3', title: 'Police Lieutenant Colonel', organisation: 'Department of Special Investigation', role: 'Member' },
    ])

    // The Cambodian head is offered CNP's list alone, and the server refuses them DSI's, in words.
    const khHead = await open(documentId, members.khHead.token)
    await khHead.page.getByRole('tab', { name: 'Rounds' }).click()
    const khView = khHead.page.locator('section.rounds .round-view[data-round="1"]')
    await eventually(async () => expect(await khView.locator('.round-delegation summary').allTextContents()).toEqual(['DSI (45)', 'CNP (0)']))
    expect(await khView.locator('.edit-list').allTextContents()).toEqual(['Edit the list of CNP'])
    const refused = await server.request('PUT', `${rounds}/1/attendance/TH`, { token: members.khHead.token, body: { attendance: [] } })
    expect([refused.status, refused.body.error.words?.key]).toEqual([403, 'refusal.round.attendanceOf'])

    // The secretariat opens the round, after confirming: every page's header follows.
    await view.getByRole('button', { name: 'Open round 1…' }).click()
    await dialog.getByRole('button', { name: 'Open round 1' }).click()
    for (const page of [secretariat.page, head.page, khHead.page]) {
      await eventually(async () => expect(await header(page).textContent()).toBe('Round 1 · 12th Meeting · Siem Reap, 1–3 Jun 2027'))
    }
    await eventually(async () => expect(await view.getAttribute('data-state')).toBe('open'))
    await secretariat.page.screenshot({ path: artifactPath('rounds-secretariat.png') })
    // Opening another while it is open is refused, in words.
    expect((await server.request('POST', rounds, { token, body: { title: '13th Meeting', place: 'Bangkok', startDate: '2027-06-21', endDate: '2027-06-23' } })).status).toBe(201)
    await panel.locator('.round-list li[data-round="2"] button').click()
    await panel.getByRole('button', { name: 'Open round 2…' }).click()
    await dialog.getByRole('button', { name: 'Open round 2' }).click()
    await eventually(async () => expect(await secretariat.page.locator('.notices').textContent()).toContain('Round 2 was not opened: round 1 is open: close it before opening round 2'))
    expect(await header(secretariat.page).textContent()).toBe('Round 1 · 12th Meeting · Siem Reap, 1–3 Jun 2027')

    // The Thai head starts changing the list again; the secretariat closes the round meanwhile: the editor goes, and says so.
    await headView.getByRole('button', { name: 'Edit the list of DSI' }).click()
    await editor.getByRole('button', { name: 'Add a person' }).click()
    await editor.getByRole('textbox', { name: 'Name of person 46', exact: true }).fill('Pol. Maj. Latecomer')
    await panel.locator('.round-list li[data-round="1"] button').click()
    await panel.getByRole('button', { name: 'Close round 1…' }).click()
    await dialog.getByRole('button', { name: 'Close round 1' }).click()
    for (const page of [secretariat.page, head.page, khHead.page]) {
      await eventually(async () => expect(await header(page).textContent()).toBe('Next: round 2 · 13th Meeting · Bangkok, 21–23 Jun 2027'))
    }
    await eventually(async () => expect(await headView.getAttribute('data-state')).toBe('closed'))
    expect(await headView.locator('.attendance-editor').count()).toBe(0)
    expect(await headView.locator('.edit-list').count()).toBe(0)
    expect(await head.page.locator('.notices').textContent()).toContain('Round 1 was closed: the changes to the list of DSI were not saved.')
    await eventually(async () => expect(await panel.locator('.round-view[data-round="1"]').getAttribute('data-state')).toBe('closed'))
    expect(await panel.locator('.round-view[data-round="1"] .edit-list').count()).toBe(0)

    // The Record of Discussion sets out the people pasted, and not the one typed after.
    const record = await fetch(`${server.url}${rounds}/1/record.docx?counterpart=TH&lang=en`, { headers: { authorization: `Bearer ${members.thHead.token}` } })
    expect(record.status).toBe(200)
    const paragraphs = paragraphTexts(docxPart(new Uint8Array(await record.arrayBuffer()), 'word/document.xml'))
    for (const person of saved) expect(paragraphs).toContain(person.name)
    expect(paragraphs.join('\n')).toContain('Deputy head of delegation')
    expect(paragraphs.join('\n')).not.toContain('Latecomer')
    await closeWithoutErrors(secretariat, head, khHead)
  }, 180_000)
})
