/**
 * Passkeys in Chromium with a virtual authenticator (CDP WebAuthn): a
 * registration link creates an account with a passkey; the person signs
 * out and in again with it; `/api/me` answers with their memberships; a
 * second tab shares the session (and opens the collaboration socket with
 * the cookie alone); signing out everywhere ends it in every tab and closes
 * the socket it held. Signed in, a person adds a passkey from another
 * device (a second tab with its own authenticator), signs in with it, and
 * removes the first one, never the last.
 */

import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { addPasskeyAuthenticator, useBrowser, watchProblems } from '../support/browser.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()
let context: BrowserContext
let origin: string
const problems: string[] = []

beforeAll(async () => {
  server = fixture.server
  origin = server.server.origin
  context = await chromium.browser.newContext({ viewport: { width: 1024, height: 768 } })
})

/** A tab of `inContext` (the file's one browser context unless given), with a user-verifying platform authenticator (CTAP2, resident keys). */
async function tabWithAuthenticator(inContext: BrowserContext = context): Promise<Page> {
  const page = watchProblems(await inContext.newPage(), problems)
  await addPasskeyAuthenticator(inContext, page)
  return page
}

/** What `GET /api/me` answers in `page` (with the page's cookie). */
async function meIn(page: Page): Promise<{ status: number; body: any }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/me')
    return { status: response.status, body: await response.json() }
  })
}

/** Whether a collaboration socket opened from `page` (cookie only, no token) receives the document. */
async function socketIn(page: Page, documentId: string): Promise<string> {
  return page.evaluate(
    (id) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${(globalThis as unknown as { location: { origin: string } }).location.origin.replace(/^http/, 'ws')}/collab/${id}`)
        socket.onmessage = () => {
          resolve('open')
          socket.close()
        }
        socket.onclose = (event) => resolve(`closed ${event.code} ${event.reason}`)
      }),
    documentId,
  )
}

describe('passkeys in the browser', () => {
  it('register, sign out, sign in again, a second tab, sign out everywhere', async () => {
    const documentId = await server.createDocument()
    const member = await server.addMember(documentId, 'delegate', 'TH', 'Somchai Rattanakorn')
    const link = await server.request('POST', '/api/auth/registration-links')
    expect(link.status).toBe(201)

    const page = await tabWithAuthenticator()
    await page.goto(link.body.url)
    // The link's token leaves the address bar at once.
    expect(page.url()).toBe(`${origin}/signin`)
    await page.fill('#name', 'Somchai Rattanakorn')
    await page.fill('#organisation', 'Department of Special Investigation')
    await page.fill('#email', 'somchai@example.org')
    await page.click('#create')
    await page.waitForSelector('#signed-in:not([hidden])')
    expect(await page.textContent('#who')).toBe('Signed in as Somchai Rattanakorn, Department of Special Investigation.')

    // The session cookie is HttpOnly and SameSite=Strict; the page's script never sees it.
    const [cookie] = await context.cookies(origin)
    expect(cookie).toMatchObject({ name: 'counterpart_session', httpOnly: true, sameSite: 'Strict', secure: false })
    expect(await page.evaluate('document.cookie')).toBe('')

    // The person takes their membership with its token (a same-origin POST: the browser sends the Origin).
    const claimed = await page.evaluate(async (token) => {
      const response = await fetch('/api/me/memberships', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
      return response.status
    }, member.token)
    expect(claimed).toBe(201)
    await page.reload()
    await page.waitForSelector('#signed-in:not([hidden])')
    expect(await page.textContent('#memberships')).toContain('MOU on cooperation against cross-border trafficking in persons: delegate of TH')

    // Sign out, then in again with the same passkey (a discoverable credential: no name typed).
    await page.click('#sign-out')
    await page.waitForSelector('#signed-out:not([hidden])')
    expect((await meIn(page)).status).toBe(401)
    await page.click('#sign-in')
    await page.waitForSelector('#signed-in:not([hidden])')
    const me = await meIn(page)
    expect(me.status).toBe(200)
    expect(me.body.person).toMatchObject({ name: 'Somchai Rattanakorn', email: 'somchai@example.org' })
    expect(me.body.memberships).toEqual([expect.objectContaining({ documentId, title: expect.any(String), memberId: member.id, party: 'TH', role: 'delegate' })])
    // The sign-in rotated the session: a new cookie value.
    const [rotated] = await context.cookies(origin)
    expect(rotated!.value).not.toBe(cookie!.value)

    // A second tab is signed in too, and joins the document over the socket with the cookie alone.
    const second = await context.newPage()
    await second.goto(`${origin}/signin`)
    await second.waitForSelector('#signed-in:not([hidden])')
    expect(await socketIn(second, documentId)).toBe('open')
    // One stays open in the second tab, to be closed by signing out elsewhere.
    await second.evaluate(
      `new Promise((resolve) => {
        const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/collab/${documentId}')
        window.socketClosed = new Promise((closed) => (socket.onclose = (event) => closed(event.code + ' ' + event.reason)))
        socket.onmessage = () => resolve()
      })`,
    )

    // Sign out everywhere: the second tab is signed out as well, and its socket closed.
    await page.click('#sign-out-everywhere')
    await page.waitForSelector('#signed-out:not([hidden])')
    expect(await second.evaluate('window.socketClosed')).toBe('4401 you signed out everywhere')
    expect((await meIn(second)).status).toBe(401)
    expect(await socketIn(second, documentId)).toMatch(/^closed 440[13]/)
    await second.reload()
    await second.waitForSelector('#signed-out:not([hidden])')

    // The registration link was single-use.
    const reused = await page.evaluate(async (token) => {
      const response = await fetch('/api/auth/register/options', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: token, name: 'Again' }) })
      return response.status
    }, link.body.token)
    expect(reused).toBe(403)
    expect(problems).toEqual([])
  })

  it('signed in, a person adds a passkey from another device, signs in with it, and removes the first, never the last', async () => {
    const link = await server.request('POST', '/api/auth/registration-links')
    // A browser of its own: its tabs share one cookie, and nothing of the test above.
    const browser = await chromium.browser.newContext({ viewport: { width: 1024, height: 768 } })
    const first = await tabWithAuthenticator(browser)
    await first.goto(link.body.url)
    await first.fill('#name', 'Sokha Chan')
    await first.click('#create')
    await first.waitForSelector('#signed-in:not([hidden])')
    expect(await first.locator('#passkeys li').count()).toBe(1)
    // The only passkey cannot be removed.
    expect(await first.locator('#passkeys li button').isDisabled()).toBe(true)

    // Another tab, with an authenticator of its own (another device): signed in by the shared cookie, it adds a passkey.
    const second = await tabWithAuthenticator(browser)
    await second.goto(`${origin}/signin`)
    await second.waitForSelector('#signed-in:not([hidden])')
    await second.click('#add-passkey')
    await second.waitForSelector('#passkeys li:nth-child(2)')
    expect(await second.textContent('#status')).toBe('The passkey is added: you can sign in with it too.')
    const listed = await second.evaluate(async () => (await (await fetch('/api/me/passkeys')).json()) as { passkeys: { credentialId: string; lastUsedAt: string | null }[] })
    expect(listed.passkeys).toHaveLength(2)
    const [made, added] = listed.passkeys.map((passkey) => passkey.credentialId)

    // Adding it again from the same device is refused by the authenticator itself: it already holds one of this person's (excludeCredentials).
    await second.click('#add-passkey')
    await second.waitForSelector('#status:not(:empty)')
    expect(await second.textContent('#status')).not.toBe('The passkey is added: you can sign in with it too.')
    expect(await second.evaluate(async () => ((await (await fetch('/api/me/passkeys')).json()) as { passkeys: unknown[] }).passkeys.length)).toBe(2)

    // Signed out, the added passkey signs the same person in.
    await second.click('#sign-out')
    await second.waitForSelector('#signed-out:not([hidden])')
    await second.click('#sign-in')
    await second.waitForSelector('#signed-in:not([hidden])')
    expect(await second.textContent('#who')).toBe('Signed in as Sokha Chan.')
    const afterSignIn = await second.evaluate(async () => (await (await fetch('/api/me/passkeys')).json()) as { passkeys: { credentialId: string; lastUsedAt: string | null }[] })
    expect(afterSignIn.passkeys.find((passkey) => passkey.credentialId === added)!.lastUsedAt).not.toBeNull()

    // The first passkey is removed; the one left cannot be, by the page or by the API.
    await second.click(`#passkeys li[data-credential-id="${made}"] button`)
    await second.waitForSelector('#passkeys li:nth-child(2)', { state: 'detached' })
    expect(await second.textContent('#status')).toBe('The passkey is removed: it no longer signs you in.')
    expect(await second.getAttribute('#passkeys li', 'data-credential-id')).toBe(added)
    expect(await second.locator('#passkeys li button').isDisabled()).toBe(true)
    const refused = await second.evaluate(async (id) => {
      const response = await fetch(`/api/me/passkeys/${id}`, { method: 'DELETE' })
      return { status: response.status, message: ((await response.json()) as { error: { message: string } }).error.message }
    }, added!)
    expect(refused).toEqual({ status: 409, message: 'this is your last passkey: removing it would lock you out; add another passkey first' })
    expect(problems).toEqual([])
    await browser.close()
  })
})
