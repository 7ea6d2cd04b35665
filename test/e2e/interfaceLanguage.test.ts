/**
 * The interface in the delegates' own language, in Chromium: a Thai head
 * of delegation whose account says Thai, and a Cambodian secretariat whose
 * account says Khmer, read the editor page (every tab), the home page and
 * the sign-in page with no string of the English catalogue left — only
 * data (names, party codes, the document's texts, the server's own words)
 * may be in English. The language chosen in the header changes the page,
 * stays across a reload and is kept on the account (GET /api/me); signed
 * out, it is this browser's, and a browser that prefers Thai starts in Thai.
 */

import IntlMessageFormat from 'intl-messageformat'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../client/src/i18n/catalogues/en.js'
import { km } from '../../client/src/i18n/catalogues/km.js'
import { th } from '../../client/src/i18n/catalogues/th.js'
import { artifactPath, useBrowser, watchProblems } from '../support/browser.js'
import { cookieRequest } from '../support/cookieClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { clauseParagraph } from '../support/editorPage.js'
import { sessionCookieName, signInPerson, type SignedInPerson } from '../support/people.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
const chromium = useBrowser()
let server: TestServer
let documentId: string
let thaiHead: SignedInPerson
let khmerSecretariat: SignedInPerson
let newcomer: SignedInPerson

/** The AST element kinds of @formatjs/icu-messageformat-parser (its TYPE enum): 0 is a literal. */
interface Element {
  type: number
  value?: string
  options?: Record<string, { value: Element[] }>
  children?: Element[]
}

/** Every literal piece of a parsed message, in every branch — but not commands and addresses (`<code>`, `<link>`), the same in every language. */
function literals(elements: readonly Element[]): string[] {
  return elements.flatMap((element) => [
    ...(element.type === 0 ? [element.value!] : []),
    ...Object.values(element.options ?? {}).flatMap((option) => literals(option.value)),
    ...(element.value === 'code' || element.value === 'link' ? [] : literals(element.children ?? [])),
  ])
}

/**
 * What of the English catalogue must not be seen: each phrase of two words
 * or more that a message writes around its placeholders, and each message
 * that is one word alone ("Negotiation", "Revoke") — but not a phrase the
 * Thai and Khmer catalogues write too ("ad referendum"): that is a term of
 * every language, not English left behind.
 */
const english = (() => {
  const piecesOf = (message: string) =>
    literals(new IntlMessageFormat(message, 'en-GB').getAst() as unknown as Element[]).map((piece) => piece.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ''))
  const written = [th, km].flatMap((catalogue) => Object.values(catalogue).join('\n'))
  const phrases = new Set<string>()
  const words = new Set<string>()
  for (const message of Object.values(en)) {
    for (const piece of piecesOf(message)) if (/\p{L}{2,}\s+\p{L}{2,}/u.test(piece) && !written.every((text) => text.includes(piece))) phrases.add(piece)
    if (/^\p{L}{3,}$/u.test(message)) words.add(message)
  }
  return { phrases: [...phrases], words }
})()

/**
 * What the page shows in words: the visible text, and the labels, titles
 * and placeholders of visible elements — outside the document's texts and
 * anything marked as written in another language than the interface's
 * (`lang`), which is data.
 */
const shownWords = (page: Page): Promise<string[]> =>
  // A script of its own: the tests are compiled without the DOM's types.
  page.evaluate(`(() => {
    const language = document.documentElement.lang
    const isData = (element) => {
      if (element.closest('.ProseMirror, .mou-document, .redline, script, style') !== null) return true
      const marked = element.closest('[lang]')
      return marked !== null && marked.getAttribute('lang').split('-')[0] !== language
    }
    const visible = (element) => (element instanceof HTMLOptionElement ? element.closest('select')?.checkVisibility() : element.checkVisibility()) ?? false
    const shown = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      const text = node.textContent?.trim() ?? ''
      if (text !== '' && parent && visible(parent) && !isData(parent)) shown.push(text)
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (!visible(element) || isData(element)) continue
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name)?.trim()
        if (value) shown.push(value)
      }
    }
    return shown
  })()`)

/** The English of the catalogue among `shown`: each text holding one of its phrases, or being one of its one-word messages. */
function englishIn(shown: readonly string[]): string[] {
  return shown.filter((text) => english.words.has(text.replace(/[\s\p{P}]+$/u, '')) || english.phrases.some((phrase) => text.includes(phrase)))
}

/** A page in a context of its own, signed in as `person` when given, in a browser whose languages are `locale`'s. */
async function openPage(person: SignedInPerson | null, problems: string[], locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, locale })
  if (person) await context.addCookies([{ name: sessionCookieName, value: person.token, url: server.server.origin }])
  return { context, page: watchProblems(await context.newPage(), problems) }
}

/** Opens the editor page of the document and waits for it to be connected, in `language`. */
async function openEditor(page: Page, language: string): Promise<void> {
  await page.goto(`${server.server.origin}/d/${documentId}`)
  await page.waitForSelector(`html[lang="${language}"] .connection[data-state="connected"]`, { timeout: 20_000 })
}

/** The English left on the editor page, looked for with each tab shown in turn. */
async function englishOnEditor(page: Page): Promise<string[]> {
  const found = new Set(englishIn(await shownWords(page)))
  const tabs = page.getByRole('tab')
  for (let index = 0; index < (await tabs.count()); index++) {
    await tabs.nth(index).click()
    // The tab's panel drawn from what it asked the server (the audit trail on demand).
    await page.locator('[role="tabpanel"]:not([hidden])').waitFor()
    const audit = page.locator('[role="tabpanel"]:not([hidden]) section.audit')
    if (await audit.isVisible()) {
      await audit.locator('button.refresh').click()
      await audit.locator('.audit-list li').first().waitFor()
    }
    await page.waitForLoadState('networkidle')
    for (const text of englishIn(await shownWords(page))) found.add(text)
  }
  return [...found]
}

/** The interface's language the account holds, as GET /api/me gives it. */
const accountLanguage = async (person: SignedInPerson) => (await cookieRequest(fixture, 'GET', '/api/me', person.cookie)).body.person.interfaceLanguage as unknown

beforeAll(async () => {
  server = fixture.server
  const { status, body } = await server.request('POST', '/api/documents', {
    body: {
      template: 'anti-trafficking-mou',
      languages: { working: 'en', others: ['th', 'km'] },
      parties: [
        { ...thaiParty, language: 'th' },
        { ...cambodianParty, language: 'km' },
      ],
    },
  })
  expect(status, JSON.stringify(body)).toBe(201)
  documentId = body.id as string
  const thai = await server.addMember(documentId, 'head', 'TH', 'Pol. Col. Somchai')
  const khmer = await server.addMember(documentId, 'head', 'KH', 'Lok Sokha')
  const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  // Under way: two clauses under negotiation (agreeing waits for every language's text to be confirmed), during a round
  // whose header, agenda and decisions the pages say in their language (the meeting's own names are data, here in Thai).
  const content = await server.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })
  const [first, second] = (content.body.clauses as { id: string }[]).map((clause) => clause.id)
  const rounds = `/api/documents/${documentId}/rounds`
  const attendee = { party: 'TH', name: 'พ.ต.อ. สมชาย', title: 'ผู้กำกับการ', organisation: 'กรมสอบสวนคดีพิเศษ', role: 'หัวหน้าคณะ' }
  const round = { title: 'การประชุมครั้งที่ 11', place: 'พนมเปญ', startDate: '2027-03-01', endDate: '2027-03-03', attendance: [attendee], agenda: [{ clauseId: first, topic: 'ระยะเวลา' }] }
  expect((await server.request('POST', rounds, { token: secretariat.token, body: round })).status).toBe(201)
  expect((await server.request('POST', `${rounds}/1/open`, { token: secretariat.token })).status).toBe(200)
  await setStatus(server, documentId, first!, thai.token, 'under-negotiation')
  await setStatus(server, documentId, second!, khmer.token, 'under-negotiation')

  thaiHead = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [thai.token] })
  khmerSecretariat = await signInPerson(fixture, 'Sokha Chan', { memberTokens: [secretariat.token] })
  newcomer = await signInPerson(fixture, 'Dara Vann', { memberTokens: [khmer.token] })
  for (const [person, language] of [[thaiHead, 'th'], [khmerSecretariat, 'km']] as const) {
    expect((await cookieRequest(fixture, 'PATCH', '/api/me', person.cookie, { body: { interfaceLanguage: language } })).status).toBe(200)
  }
})

describe('the interface in Thai and Khmer', () => {
  for (const [who, language, script] of [
    ['a Thai head of delegation', 'th', /[\u0E00-\u0E7F]/],
    ['a Cambodian secretariat', 'km', /[\u1780-\u17FF]/],
  ] as const) {
    it(`shows ${who} the editor, home and sign-in pages with no English of the catalogue, whatever the browser's languages`, async () => {
      const person = language === 'th' ? thaiHead : khmerSecretariat
      const problems: string[] = []
      // The browser prefers English: the account's choice wins.
      const { context, page } = await openPage(person, problems, 'en-US')
      try {
        await openEditor(page, language)
        expect(await page.getByRole('tab').first().textContent()).toMatch(script)
        // The round under way in the header, once the tools have read the rounds.
        await eventually(async () => expect(await page.locator('header.top .round-line').textContent()).toMatch(script))
        // The clause at the cursor in the Negotiation tab (with, for the Thai head, the delegation's private note).
        await clauseParagraph(page, 0).click()
        await page.locator('section.negotiation .clause-title').waitFor()
        expect(await englishOnEditor(page)).toEqual([])
        await page.screenshot({ path: artifactPath(`interface-${language}-editor.png`) })
        // The Rounds tab's tools, opened: the delegation's list being edited, a list pasted with a fault and then read, and for the secretariat a round being planned.
        await page.getByRole('tab', { name: (language === 'th' ? th : km)['tab.rounds'] }).click()
        const rounds = page.locator('section.rounds')
        await rounds.locator('.edit-list').first().click()
        await rounds.locator('.open-paste').click()
        await rounds.locator('.paste-list').fill('1\tพ.ต.อ. สมชาย\tผู้กำกับการ\tกรมสอบสวนคดีพิเศษ\tหัวหน้าคณะ\tกรุงเทพฯ')
        await rounds.locator('.read-list').click()
        expect(await rounds.locator('.paste-result li').textContent()).toMatch(script)
        expect(englishIn(await shownWords(page))).toEqual([])
        await rounds.locator('.paste-list').fill('พ.ต.อ. สมชาย\tผู้กำกับการ')
        await rounds.locator('.read-list').click()
        expect(await rounds.locator('.paste-summary').textContent()).toMatch(script)
        expect(englishIn(await shownWords(page))).toEqual([])
        if (language === 'km') {
          await rounds.locator('.plan-round').click()
          const plan = page.locator('dialog.modal .round-plan')
          await plan.locator('.agenda-pick').first().check()
          await plan.locator('.confirm-plan').click()
          expect(await plan.locator('.plan-problems li').count()).toBe(4)
          expect(englishIn(await shownWords(page))).toEqual([])
          await plan.locator('.cancel-plan').click()
        }

        await page.goto(`${server.server.origin}/`)
        await page.waitForSelector('#signed-in', { state: 'visible' })
        expect(await page.getAttribute('html', 'lang')).toBe(language)
        expect(await page.textContent('h1')).toMatch(script)
        expect(englishIn(await shownWords(page))).toEqual([])
        await page.screenshot({ path: artifactPath(`interface-${language}-home.png`) })

        await page.goto(`${server.server.origin}/signin`)
        await page.waitForSelector('#passkeys li')
        expect(englishIn(await shownWords(page))).toEqual([])
        expect(await page.textContent('#passkeys li')).toMatch(script)
        expect(problems).toEqual([])
      } finally {
        await context.close()
      }
    })
  }

  it('says what the server refuses in the reader’s language, from the words it sent: here, an agreement before the texts are confirmed', async () => {
    const problems: string[] = []
    const { context, page } = await openPage(thaiHead, problems)
    try {
      await openEditor(page, 'th')
      await clauseParagraph(page, 0).click()
      const agree = page.locator('section.negotiation button.status-action[data-action="agreed-ad-referendum"]')
      await agree.click()
      const notice = page.locator('.notices .notice.warning span').last()
      await eventually(async () => expect(await notice.textContent()).toMatch(/ข้อ \S+ จะตกลงได้เมื่อข้อความในทุกภาษาได้รับการยืนยันแล้วเท่านั้น ยังไม่ยืนยัน: ภาษาไทย และ ภาษาเขมร/))
      expect(englishIn([(await notice.textContent())!])).toEqual([])
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('changes with the choice in the header, which stays across a reload and is kept on the account', async () => {
    const problems: string[] = []
    const { context, page } = await openPage(newcomer, problems)
    try {
      await openEditor(page, 'en')
      expect(await accountLanguage(newcomer)).toBeNull()
      expect(await page.getByRole('tab', { name: 'Negotiation' }).count()).toBe(1)

      await Promise.all([page.waitForEvent('load'), page.getByRole('combobox', { name: 'Language of the interface' }).selectOption('km')])
      await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
      expect(await page.getAttribute('html', 'lang')).toBe('km')
      expect(await page.getByRole('tab', { name: 'ការចរចា' }).count()).toBe(1)
      expect(await englishOnEditor(page)).toEqual([])
      expect(await accountLanguage(newcomer)).toBe('km')

      await page.reload()
      await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
      expect(await page.getAttribute('html', 'lang')).toBe('km')
      expect(await page.getByRole('combobox', { name: 'ភាសានៃផ្ទាំងប្រើប្រាស់' }).inputValue()).toBe('km')
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
    // Another browser of the same person follows the account.
    const elsewhere = await openPage(newcomer, problems, 'th-TH')
    try {
      await elsewhere.page.goto(`${server.server.origin}/`)
      await elsewhere.page.waitForSelector('#signed-in', { state: 'visible' })
      expect(await elsewhere.page.getAttribute('html', 'lang')).toBe('km')
    } finally {
      await elsewhere.context.close()
    }
  })

  it('signed out, starts in the browser’s language and keeps a choice made on the page in this browser', async () => {
    const problems: string[] = []
    const { context, page } = await openPage(null, problems, 'th-TH')
    try {
      await page.goto(`${server.server.origin}/signin`)
      await page.waitForSelector('#signed-out', { state: 'visible' })
      expect(await page.getAttribute('html', 'lang')).toBe('th')
      expect(await page.textContent('#heading')).toBe('เข้าสู่ระบบ')
      expect(englishIn(await shownWords(page))).toEqual([])

      await Promise.all([page.waitForEvent('load'), page.getByRole('combobox', { name: 'ภาษาของหน้าจอ' }).selectOption('km')])
      await eventually(async () => expect(await page.textContent('#heading')).toBe('ចូលប្រើ'))
      await page.goto(`${server.server.origin}/`)
      await page.waitForSelector('#signed-out', { state: 'visible' })
      expect(await page.getAttribute('html', 'lang')).toBe('km')
      expect(englishIn(await shownWords(page))).toEqual([])
      await page.goto(`${server.server.origin}/verify`)
      expect(await page.textContent('h1')).toBe('ពិនិត្យច្បាប់ដើមសម្រាប់ចុះហត្ថលេខា')
      expect(englishIn(await shownWords(page))).toEqual([])
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })
})
