/**
 * The newcomer's path, end to end, in Chromium with virtual authenticators
 * (CDP WebAuthn) against the real server process and its first-start
 * banner: the administrator signs in from the banner's link, starts a
 * negotiation on the new-negotiation page and invites the two heads of
 * delegation; each accepts in a browser of their own with a passkey and
 * invites one delegate from the People tab; the two delegates, each in
 * their own browser, co-edit. A second tab and a reload stay signed in;
 * signing out everywhere ends the session on every tab; an invitation
 * used once opens nothing again, nor does one that has expired (a 403
 * page that says why); a revoked member's open page is told and
 * disconnected. The banner's own invitations for the demo's heads work
 * the same way.
 */

import fs from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { addPasskeyAuthenticator, artifactPath, useBrowser, watchProblems } from '../support/browser.js'
import { clauseParagraph, paragraphText } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer, useServerProcesses } from '../support/fixtures.js'
import type { ServerProcess } from '../support/testServer.js'

const processes = useServerProcesses()
const chromium = useBrowser()
let server: ServerProcess
let origin: string
let banner: string
const problems: string[] = []

beforeAll(async () => {
  // A first start: no administrator token configured, the demo seeded, the banner printed.
  server = await processes.spawn({ COUNTERPART_ADMIN_TOKEN: '', COUNTERPART_SEED_DEMO: 'true' })
  origin = `http://localhost:${server.port}`
  banner = await eventually(() => {
    const { stderr } = server.output()
    expect(stderr).toContain('Collaborate with any y-websocket client')
    return stderr
  })
}, 60_000)

/** A person's own browser: a context with a user-verifying platform authenticator on its first tab. */
async function browserOfTheirOwn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await tabIn(context)
  await addPasskeyAuthenticator(context, page)
  return { context, page }
}

/** A new tab of `context`, its page errors and Content-Security-Policy refusals kept in `problems`. */
const tabIn = async (context: BrowserContext) => watchProblems(await context.newPage(), problems)

/** Waits until the editor in `page` is connected to the negotiation. */
const connected = (page: Page) => page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })

/**
 * Opens the invitation `link` in `page`, checks what it says it invites to,
 * makes the account with a passkey (the name comes from the invitation),
 * and waits for the negotiation it opens.
 */
async function acceptAsNewcomer(page: Page, link: string, says: string): Promise<string> {
  await page.goto(link)
  await page.waitForSelector('#register', { state: 'visible' })
  // The token leaves the address bar at once.
  expect(page.url()).toBe(`${origin}/signin`)
  expect(await page.textContent('#heading')).toBe('Join the negotiation')
  expect(await page.textContent('#invitation')).toContain(says)
  if (!fs.existsSync(artifactPath('workspace-invitation.png'))) await page.screenshot({ path: artifactPath('workspace-invitation.png') })
  await page.fill('#organisation', 'Delegation')
  await page.click('#create')
  await page.waitForURL(/\/d\/[^/?]+$/)
  await connected(page)
  return decodeURIComponent(new URL(page.url()).pathname.slice('/d/'.length))
}

/** In the People tab of `page`, invites `name` as `role` of the member's own party; resolves to the single-use link shown. */
async function inviteFromPeopleTab(page: Page, name: string, role: string): Promise<string> {
  await page.getByRole('tab', { name: 'People' }).click()
  const panel = page.locator('section.people')
  const form = panel.getByRole('form', { name: 'Invite someone' })
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Role').selectOption(role)
  await form.getByRole('button', { name: 'Invite' }).click()
  const link = panel.getByLabel(`Invitation link for ${name}`)
  return eventually(async () => {
    const value = await link.inputValue()
    expect(value).toMatch(/\/signin\?invitation=[\w-]+$/)
    return value
  })
}

describe('a negotiation set up and joined in the browser', () => {
  it('from the banner: the administrator starts it, two heads join and each invite a delegate, the delegates co-edit; tabs, reloads, reuse, revocation and signing out', async () => {
    // The banner gives the administrator a single-use sign-in link on the browser origin.
    const administratorLink = /Sign in as the administrator[^\n]*\n\s+(\S+)/.exec(banner)![1]!
    expect(administratorLink).toMatch(new RegExp(`^${origin}/signin\\?register=cp_`))

    // The administrator makes an account with a passkey and starts a negotiation.
    const administrator = await browserOfTheirOwn()
    await administrator.page.goto(administratorLink)
    expect(administrator.page.url()).toBe(`${origin}/signin`)
    await eventually(async () => expect(await administrator.page.textContent('#heading')).toBe('Create your account'))
    await administrator.page.fill('#name', 'Joint Secretariat')
    await administrator.page.click('#create')
    await administrator.page.waitForSelector('#signed-in:not([hidden])')
    await administrator.page.click('text=Home: my negotiations')
    await administrator.page.waitForSelector('#new-negotiation', { state: 'visible' })
    await administrator.page.click('#new-negotiation')
    await administrator.page.waitForSelector('#create', { state: 'visible' })
    await administrator.page.fill('#title', 'Memorandum of Understanding on Cooperation against Trafficking in Persons')
    // Thai, Khmer and English texts, equally authentic.
    await administrator.page.check('input[name="other"][value="th"]')
    await administrator.page.check('input[name="other"][value="km"]')
    const parties = [
      ['TH', 'Department of Special Investigation', 'DSI', 'Kingdom of Thailand', 'th'],
      ['KH', 'Cambodian National Police', 'CNP', 'Kingdom of Cambodia', 'km'],
    ]
    for (const [index, [code, name, short, state, language]] of parties.entries()) {
      await administrator.page.fill(`#party${index}-code`, code!)
      await administrator.page.fill(`#party${index}-name`, name!)
      await administrator.page.fill(`#party${index}-short`, short!)
      await administrator.page.fill(`#party${index}-state`, state!)
      await administrator.page.selectOption(`#party${index}-language`, language!)
    }
    await administrator.page.click('#create-button')
    await administrator.page.waitForSelector('#invite', { state: 'visible', timeout: 20_000 })
    const headLinks: Record<string, string> = {}
    for (const [code, name] of [['TH', 'Pol. Gen. Prasit'], ['KH', 'H.E. Chea Dara']] as const) {
      await administrator.page.fill(`#head-${code}`, name)
      await administrator.page.click(`.head-invitation[data-party="${code}"] button[type="submit"]`)
      const field = administrator.page.locator(`.head-invitation[data-party="${code}"] .link-field`)
      await field.waitFor()
      headLinks[code] = await field.inputValue()
    }
    const documentId = decodeURIComponent((await administrator.page.getAttribute('#open', 'href'))!.replace(/^\/d\//, ''))
    await administrator.page.screenshot({ path: artifactPath('workspace-new-negotiation.png'), fullPage: true })

    // Each head accepts in a browser of their own, and lands in the negotiation.
    const thaiHead = await browserOfTheirOwn()
    expect(await acceptAsNewcomer(thaiHead.page, headLinks.TH!, 'Pol. Gen. Prasit, you are invited to “Memorandum of Understanding on Cooperation against Trafficking in Persons” as head of delegation of TH')).toBe(documentId)
    const khmerHead = await browserOfTheirOwn()
    expect(await acceptAsNewcomer(khmerHead.page, headLinks.KH!, 'H.E. Chea Dara, you are invited to')).toBe(documentId)

    // Used once, an invitation opens nothing: a 403 page that says why, in a browser that never saw it.
    const stranger = await browserOfTheirOwn()
    const reused = await stranger.page.goto(headLinks.TH!)
    expect(reused!.status()).toBe(403)
    await eventually(async () => expect(await stranger.page.textContent('#heading')).toBe('This invitation opens nothing'))
    expect(await stranger.page.textContent('#status')).toBe('This invitation has been used; it opens nothing again.')
    expect(await stranger.page.isVisible('#register')).toBe(false)
    await stranger.page.screenshot({ path: artifactPath('workspace-invitation-used.png') })

    // Each head invites one delegate of their own party; each delegate joins from a browser of their own.
    const thaiDelegateLink = await inviteFromPeopleTab(thaiHead.page, 'Khun Malee', 'delegate')
    const khmerDelegateLink = await inviteFromPeopleTab(khmerHead.page, 'Lok Dara', 'delegate')
    const thaiDelegate = await browserOfTheirOwn()
    await acceptAsNewcomer(thaiDelegate.page, thaiDelegateLink, 'Khun Malee, you are invited to')
    const khmerDelegate = await browserOfTheirOwn()
    await acceptAsNewcomer(khmerDelegate.page, khmerDelegateLink, 'Lok Dara, you are invited to')

    // The two delegates co-edit the same paragraph.
    await clauseParagraph(thaiDelegate.page, 2).click()
    await thaiDelegate.page.keyboard.press('Home')
    await clauseParagraph(khmerDelegate.page, 2).click()
    await khmerDelegate.page.keyboard.press('End')
    await Promise.all([thaiDelegate.page.keyboard.type('THAI WORDING ', { delay: 15 }), khmerDelegate.page.keyboard.type(' KHMER WORDING', { delay: 15 })])
    await eventually(async () => {
      const [thai, khmer] = await Promise.all([paragraphText(thaiDelegate.page, 2), paragraphText(khmerDelegate.page, 2)])
      expect(thai).toBe(khmer)
      expect(thai).toContain('THAI WORDING ')
      expect(thai).toContain(' KHMER WORDING')
    })
    await eventually(async () => expect(await thaiDelegate.page.locator('.remote-cursor-label').allTextContents()).toContain('Lok Dara · KH'))
    await thaiDelegate.page.screenshot({ path: artifactPath('workspace-delegates-co-edit.png') })

    // A second tab and a reload stay signed in: the address is the document's, no token in it.
    const secondTab = await tabIn(thaiDelegate.context)
    await secondTab.goto(`${origin}/d/${documentId}`)
    await connected(secondTab)
    await eventually(async () => expect(await paragraphText(secondTab, 2)).toContain('KHMER WORDING'))
    await thaiDelegate.page.reload()
    await connected(thaiDelegate.page)

    // The Cambodian head revokes Lok Dara: her open page is told, and disconnected.
    await khmerHead.page.getByRole('button', { name: 'Revoke Lok Dara' }).click()
    await khmerHead.page.getByRole('button', { name: 'Confirm revoke Lok Dara' }).click()
    await eventually(async () => expect(await khmerDelegate.page.locator('.connection').getAttribute('data-state')).toBe('closed'))
    expect(await khmerDelegate.page.locator('.notices').textContent()).toContain('your access has ended')

    // Signing out everywhere (from a third tab's sign-in page) ends the session on every tab.
    const signInTab = await tabIn(thaiDelegate.context)
    await signInTab.goto(`${origin}/signin`)
    await signInTab.waitForSelector('#signed-in:not([hidden])')
    expect(await signInTab.textContent('#who')).toBe('Signed in as Khun Malee, Delegation.')
    await signInTab.click('#sign-out-everywhere')
    await signInTab.waitForSelector('#signed-out:not([hidden])')
    for (const tab of [thaiDelegate.page, secondTab]) {
      await eventually(async () => expect(await tab.locator('.connection').getAttribute('data-state')).toBe('closed'))
      expect(await tab.locator('.notices').textContent()).toContain('you signed out everywhere')
    }
    await secondTab.reload()
    await secondTab.waitForSelector('text=Counterpart could not open this negotiation')
    expect(await secondTab.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/signin')

    // The Thai head, still signed in elsewhere, was not affected.
    expect(await thaiHead.page.locator('.connection').getAttribute('data-state')).toBe('connected')
    for (const person of [administrator, thaiHead, khmerHead, thaiDelegate, khmerDelegate, stranger]) await person.context.close()
    expect(problems).toEqual([])
  }, 240_000)

  it("the banner's invitations bring the demo's heads of delegation into the demo negotiation", async () => {
    const documentId = /demo negotiation was created: (\S+)/.exec(banner)![1]!
    const invitations = [...banner.matchAll(/^ {2}(Head of the (?:DSI|CNP) delegation) \(head, (TH|KH)\)\s+(\S+)$/gm)]
    expect(invitations.map(([, name, party]) => [name, party])).toEqual([
      ['Head of the DSI delegation', 'TH'],
      ['Head of the CNP delegation', 'KH'],
    ])
    for (const [, name, party, link] of invitations) {
      expect(link).toMatch(new RegExp(`^${origin}/signin\\?invitation=cp_`))
      const person = await browserOfTheirOwn()
      expect(await acceptAsNewcomer(person.page, link!, `${name}, you are invited to`)).toBe(documentId)
      // The demo's first round is there to see.
      expect(await person.page.locator('.mou-document section.clause').count()).toBeGreaterThan(18)
      await person.page.getByRole('tab', { name: 'People' }).click()
      await eventually(async () => expect(await person.page.locator('section.people').textContent()).toContain(`${name} (you)`))
      const ownGroup = person.page.locator('section.people .people-group').filter({ hasText: `${name} (you)` })
      expect(await ownGroup.locator('h4').textContent()).toBe(party === 'TH' ? 'DSI (TH)' : 'CNP (KH)')
      await person.context.close()
    }
    expect(problems).toEqual([])
  }, 120_000)
})

describe('an expired invitation', () => {
  const fixture = useServer({ unloadDelayMs: 600_000 })

  it('opens nothing: a 403 page that says why and offers no account', async () => {
    const documentId = await fixture.server.createDocument()
    const { body } = await fixture.server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Pol. Col. Somchai', party: 'TH', role: 'head' } })
    await fixture.database.query("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [body.id])
    const { context, page } = await browserOfTheirOwn()
    const response = await page.goto(body.url as string)
    expect(response!.status()).toBe(403)
    await eventually(async () => expect(await page.textContent('#heading')).toBe('This invitation opens nothing'))
    expect(await page.textContent('#status')).toBe('This invitation has expired; ask whoever invited you for a new one.')
    expect(await page.isVisible('#register')).toBe(false)
    expect(await page.isVisible('#signed-out')).toBe(false)
    expect(page.url()).toBe(`${fixture.server.server.origin}/signin`)
    await context.close()
    expect(problems).toEqual([])
  })
})
