/**
 * The home page and the new-negotiation page in Chromium: signed out, `/`
 * offers the way to sign in; signed in, it lists the person's negotiations
 * with their parties, the person's seat and the summary `GET /api/me`
 * gives (clauses agreed, under negotiation, waiting on them), and — for
 * the secretariat of one — the way to start another, which `/new` creates
 * and whose heads of delegation it invites.
 */

import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, useBrowser, watchProblems } from '../support/browser.js'
import { useServer } from '../support/fixtures.js'
import { negotiationUnderWay } from '../support/negotiation.js'
import { sessionCookieName, signInPerson, type SignedInPerson } from '../support/people.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
const chromium = useBrowser()
let server: TestServer
let origin: string
let drafted: string
let blank: string
let thai: { id: string; token: string }
let person: SignedInPerson
const problems: string[] = []

beforeAll(async () => {
  server = fixture.server
  origin = server.server.origin
  ;({ documentId: drafted, thai } = await negotiationUnderWay(server))
  blank = await server.createDocument('MOU on the exchange of liaison officers')
  person = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [thai.token, (await server.addMember(blank, 'secretariat')).token] })
})

/** A page in a context of its own, signed in as `signedIn` when given; Content-Security-Policy violations and page errors are kept in `problems`. */
async function openPage(signedIn: SignedInPerson | null): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1024, height: 800 } })
  if (signedIn) await context.addCookies([{ name: sessionCookieName, value: signedIn.token, url: origin }])
  const page = watchProblems(await context.newPage(), problems)
  return { context, page }
}

/** Each negotiation card of the home page, as text by part. */
const cardsIn = (page: Page) =>
  page.$$eval('.negotiation-card', (cards) =>
    cards.map((card) => ({
      title: card.querySelector('.negotiation-title')?.textContent ?? '',
      href: card.querySelector('.negotiation-title a')?.getAttribute('href') ?? '',
      seat: card.querySelector('.negotiation-seat')?.textContent ?? '',
      counts: card.querySelector('.negotiation-counts')?.textContent ?? '',
      waiting: card.querySelector('.negotiation-waiting')?.textContent ?? null,
    })),
  )

describe('the home page', () => {
  it('signed out, says what Counterpart is and leads to the sign-in page; the facts for programs stay at its foot', async () => {
    const { context, page } = await openPage(null)
    await page.goto(`${origin}/`)
    await page.waitForSelector('#sign-in', { state: 'visible' })
    expect(await page.getAttribute('#sign-in', 'href')).toBe('/signin')
    expect(await page.isVisible('#signed-in')).toBe(false)
    expect(await page.textContent('.for-programs')).toMatch(/\/api\/documents[\s\S]*\/collab\/<documentId>[\s\S]*\/verify[\s\S]*\/healthz/)
    await page.screenshot({ path: artifactPath('home-signed-out.png'), fullPage: true })
    await context.close()
    expect(problems).toEqual([])
  })

  it('signed in, lists each negotiation with its parties, the seat held, the clauses agreed and under negotiation, and what waits', async () => {
    const waiting = (await server.request('GET', `/api/documents/${drafted}/waiting`, { token: thai.token })).body.items.length as number
    const clauses = ((await server.request('GET', `/api/documents/${drafted}/content`)).body.clauses as unknown[]).length
    const title = (await server.request('GET', `/api/documents/${drafted}`)).body.title as string
    expect(waiting).toBeGreaterThan(0)

    const { context, page } = await openPage(person)
    await page.goto(`${origin}/`)
    await page.waitForSelector('#signed-in', { state: 'visible' })
    expect(await page.textContent('#who')).toContain('Somchai Rattanakorn')
    expect(await cardsIn(page)).toEqual([
      {
        title,
        href: `/d/${drafted}`,
        seat: 'DSI – CNP · Head of delegation, DSI',
        counts: `1 of ${clauses} clauses agreed · 2 under negotiation`,
        waiting: `${waiting} waiting on you`,
      },
      {
        title: 'MOU on the exchange of liaison officers',
        href: `/d/${blank}`,
        seat: 'DSI – CNP · Secretariat',
        counts: expect.stringMatching(/^0 of \d+ clauses? agreed · 0 under negotiation$|^No clauses yet$/),
        waiting: null,
      },
    ])
    // The secretariat of a negotiation may start another.
    expect(await page.isVisible('#new-negotiation')).toBe(true)
    await page.screenshot({ path: artifactPath('home.png'), fullPage: true })
    await context.close()
    expect(problems).toEqual([])
  })

  it('starts a negotiation from a template and invites the head of delegation of each party, one link each', async () => {
    const { context, page } = await openPage(person)
    await page.goto(`${origin}/`)
    await page.click('#new-negotiation')
    await page.waitForSelector('#create', { state: 'visible' })
    expect(await page.inputValue('#template')).toBe('anti-trafficking-mou')
    await page.check('input[name="other"][value="th"]')
    await page.check('input[name="other"][value="km"]')
    const parties = [
      ['TH', 'Department of Special Investigation', 'DSI', 'Kingdom of Thailand', 'th'],
      ['KH', 'Cambodian National Police', 'CNP', 'Kingdom of Cambodia', 'km'],
    ]
    for (const [index, [code, name, short, state, language]] of parties.entries()) {
      await page.fill(`#party${index}-code`, code!)
      await page.fill(`#party${index}-name`, name!)
      await page.fill(`#party${index}-short`, short!)
      await page.fill(`#party${index}-state`, state!)
      await page.selectOption(`#party${index}-language`, language!)
    }
    await page.screenshot({ path: artifactPath('new-negotiation-form.png'), fullPage: true })
    await page.click('#create-button')
    await page.waitForSelector('#invite', { state: 'visible', timeout: 20_000 })

    const href = (await page.getAttribute('#open', 'href'))!
    const created = decodeURIComponent(href.replace(/^\/d\//, ''))
    const document = (await server.request('GET', `/api/documents/${created}`)).body
    expect({ style: document.style, languages: document.languages, parties: document.parties.map((party: { code: string; language: string }) => [party.code, party.language]) }).toEqual({
      style: 'mou',
      languages: { working: 'en', others: ['th', 'km'] },
      parties: [
        ['TH', 'th'],
        ['KH', 'km'],
      ],
    })

    for (const [code, name] of [['TH', 'Pol. Gen. Prasit'], ['KH', 'H.E. Chea Dara']] as const) {
      await page.fill(`#head-${code}`, name)
      await page.click(`.head-invitation[data-party="${code}"] button[type="submit"]`)
      await page.waitForSelector(`.head-invitation[data-party="${code}"] .link-field`)
      expect(await page.inputValue(`.head-invitation[data-party="${code}"] .link-field`)).toMatch(/\/signin\?invitation=/)
    }
    const invitations = (await server.request('GET', `/api/documents/${created}/invitations`)).body.invitations as { name: string; party: string; role: string }[]
    expect(invitations.map(({ name, party, role }) => [name, party, role]).sort()).toEqual([
      ['H.E. Chea Dara', 'KH', 'head'],
      ['Pol. Gen. Prasit', 'TH', 'head'],
    ])
    await page.screenshot({ path: artifactPath('new-negotiation.png'), fullPage: true })

    // Home again: the new negotiation is there, held as its secretariat.
    await page.goto(`${origin}/`)
    await page.waitForSelector(`.negotiation-card[data-document="${created}"]`)
    expect((await cardsIn(page)).find((card) => card.href === href)?.seat).toBe('DSI – CNP · Secretariat')
    await context.close()
    expect(problems).toEqual([])
  })
})
