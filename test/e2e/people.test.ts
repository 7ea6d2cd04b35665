/**
 * The People tab, in Chromium: the secretariat invites a Thai head of
 * delegation, sees the link once and the pending invitation, withdraws it;
 * the Thai head manages only Thai delegates, legal staff and observers
 * (invites one, changes a delegate's role, revokes them) and sees only
 * Thai invitations; a delegate sees who is in the negotiation and no
 * control at all.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

/** The names of the invitations listed, each with its status line. */
const invitationLines = (panel: Locator) => panel.locator('.invitation').evaluateAll((rows) => rows.map((row) => `${row.querySelector('.person-name')!.textContent} — ${row.querySelector('.invitation-status')!.textContent!.split(' · ')[0]}`))
/** Each party group's heading and the names in it. */
const groups = (panel: Locator) =>
  panel.locator('.people-group').evaluateAll((sections) => sections.map((section) => [section.querySelector('h4')!.textContent, [...section.querySelectorAll('.person-name')].map((name) => name.textContent)]))

/** Adds a member as the member holding `token` (a head adds its own party's). */
async function addAs(token: string, documentId: string, name: string, party: string | null, role: string): Promise<{ id: string; token: string }> {
  const { status, body } = await server.request('POST', `/api/documents/${documentId}/members`, { token, body: { name, party, role } })
  expect(status).toBe(201)
  return { id: body.member.id as string, token: body.token as string }
}

describe('the People tab', () => {
  let documentId: string
  let secretariat: { id: string; token: string }

  beforeAll(async () => {
    documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  })

  it('lets the secretariat invite a head of delegation, shows the link once, and withdraw the invitation', async () => {
    const s = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${secretariat.token}`)
    await s.page.getByRole('tab', { name: 'People' }).click()
    const panel = s.page.locator('section.people')
    await eventually(async () => expect(await panel.locator('p[role="status"]').first().textContent()).toBe('1 member, 0 pending invitations.'))
    expect(await groups(panel)).toEqual([['Secretariat and others', ['Joint Secretariat (you)']]])
    expect(await panel.locator('.person .here-now').count()).toBe(1)
    // Nobody is offered to revoke or demote themselves.
    expect(await panel.locator('.person select, .person button').count()).toBe(0)

    const form = panel.getByRole('form', { name: 'Invite someone' })
    expect(await form.getByLabel('Party').locator('option').allTextContents()).toEqual(['DSI (TH)', 'CNP (KH)', 'Neither party'])
    await form.getByLabel('Name').fill('Pol. Gen. Anan')
    await form.getByLabel('Party').selectOption('TH')
    expect(await form.getByLabel('Role').locator('option').allTextContents()).toEqual(['Head of delegation', 'Delegate', 'Legal staff', 'Observer'])
    await form.getByLabel('Role').selectOption('head')
    await form.getByRole('button', { name: 'Invite' }).click()

    const link = panel.getByLabel('Invitation link for Pol. Gen. Anan')
    await eventually(async () => expect(await link.inputValue()).toMatch(/\/signin\?invitation=[\w-]+$/))
    await eventually(async () => expect(await invitationLines(panel)).toEqual(['Pol. Gen. Anan — pending']))
    expect(await panel.locator('p[role="status"]').first().textContent()).toBe('1 member, 1 pending invitation.')
    // What the server holds is what the panel says.
    const listed = (await server.request('GET', `/api/documents/${documentId}/invitations`, { token: secretariat.token })).body.invitations as { name: string; party: string; role: string; status: string }[]
    expect(listed.map(({ name, party, role, status }) => ({ name, party, role, status }))).toEqual([{ name: 'Pol. Gen. Anan', party: 'TH', role: 'head', status: 'pending' }])

    await form.getByLabel('Name').fill('Lok Sokha')
    await form.getByLabel('Party').selectOption('KH')
    await form.getByLabel('Role').selectOption('delegate')
    await form.getByRole('button', { name: 'Invite' }).click()
    await eventually(async () => expect(await invitationLines(panel)).toEqual(['Lok Sokha — pending', 'Pol. Gen. Anan — pending']))
    await s.page.screenshot({ path: artifactPath('people-tab.png') })

    await panel.getByRole('button', { name: 'Withdraw the invitation of Pol. Gen. Anan' }).click()
    await eventually(async () => expect(await invitationLines(panel)).toEqual(['Lok Sokha — pending', 'Pol. Gen. Anan — voided']))
    // A voided invitation is neither withdrawn nor sent again.
    expect(await panel.locator('.invitation-voided button').count()).toBe(0)
    expect(s.errors).toEqual([])
    await s.context.close()
  }, 90_000)

  it("lets a head of delegation manage only its own party's delegates, legal staff and observers", async () => {
    const head = await server.addMember(documentId, 'head', 'TH', 'Khun Prasert')
    const malee = await addAs(head.token, documentId, 'Khun Malee', 'TH', 'delegate')
    await server.addMember(documentId, 'delegate', 'KH', 'Lok Dara')
    const page = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${head.token}`)
    await page.page.getByRole('tab', { name: 'People' }).click()
    const panel = page.page.locator('section.people')
    await eventually(async () => expect(await groups(panel)).toEqual([
      ['DSI (TH)', ['Khun Prasert (you)', 'Khun Malee']],
      ['CNP (KH)', ['Lok Dara']],
      ['Secretariat and others', ['Joint Secretariat']],
    ]))
    // Controls on Thai delegates only: not on the head itself, the other party or the secretariat.
    expect(await panel.locator('.person').filter({ has: page.page.locator('select, button') }).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member')))).toEqual([malee.id])
    // Only TH's invitations: the withdrawn one for TH's head, not the pending one for KH.
    expect(await invitationLines(panel)).toEqual(['Pol. Gen. Anan — voided'])

    const form = panel.getByRole('form', { name: 'Invite someone' })
    expect(await form.getByLabel('Party').locator('option').allTextContents()).toEqual(['DSI (TH)'])
    expect(await form.getByLabel('Role').locator('option').allTextContents()).toEqual(['Delegate', 'Legal staff', 'Observer'])
    await form.getByLabel('Name').fill('Khun Wichai')
    await form.getByLabel('Role').selectOption('delegate')
    await form.getByRole('button', { name: 'Invite' }).click()
    await eventually(async () => expect(await panel.getByLabel('Invitation link for Khun Wichai').inputValue()).toMatch(/\/signin\?invitation=/))
    await eventually(async () => expect(await invitationLines(panel)).toEqual(['Khun Wichai — pending', 'Pol. Gen. Anan — voided']))

    // Sending it again voids the old link and shows a new one.
    const first = await panel.getByLabel('Invitation link for Khun Wichai').inputValue()
    await panel.getByRole('button', { name: 'Send the invitation of Khun Wichai again' }).click()
    await eventually(async () => expect(await panel.getByLabel('Invitation link for Khun Wichai').inputValue()).not.toBe(first))
    await eventually(async () => expect(await invitationLines(panel)).toEqual(['Khun Wichai — pending', 'Khun Wichai — voided', 'Pol. Gen. Anan — voided']))

    const role = panel.getByLabel('Role of Khun Malee')
    expect(await role.locator('option').allTextContents()).toEqual(['Delegate', 'Legal staff', 'Observer'])
    await role.selectOption('observer')
    await eventually(async () => expect(await page.page.locator('.notice').allTextContents()).toContain('Khun Malee is now an observer.×'))
    await eventually(async () => expect(await panel.getByLabel('Role of Khun Malee').inputValue()).toBe('observer'))
    const members = async () => (await server.request('GET', `/api/documents/${documentId}/members`, { token: head.token })).body.members as { id: string; role: string; revokedAt: string | null }[]
    expect((await members()).find((member) => member.id === malee.id)?.role).toBe('observer')

    await panel.getByRole('button', { name: 'Revoke Khun Malee' }).click()
    // The first press only asks; the second revokes.
    await panel.getByRole('button', { name: 'Confirm revoke Khun Malee' }).click()
    await eventually(async () => expect((await groups(panel))[0]).toEqual(['DSI (TH)', ['Khun Prasert (you)']]))
    expect((await members()).find((member) => member.id === malee.id)?.revokedAt).not.toBeNull()
    expect(page.errors).toEqual([])
    await page.context.close()
  }, 90_000)

  it('shows a delegate who is in the negotiation, and no control', async () => {
    const delegate = await server.addMember(documentId, 'delegate', 'KH', 'Lok Somnang')
    const page = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${delegate.token}`)
    await page.page.getByRole('tab', { name: 'People' }).click()
    const panel = page.page.locator('section.people')
    await eventually(async () => expect(await groups(panel)).toEqual([
      ['DSI (TH)', ['Khun Prasert']],
      ['CNP (KH)', ['Lok Dara', 'Lok Somnang (you)']],
      ['Secretariat and others', ['Joint Secretariat']],
    ]))
    expect(await panel.locator('p[role="status"]').first().textContent()).toBe('4 members.')
    expect(await panel.locator('.member-role').allTextContents()).toEqual(['Head of delegation', 'Delegate', 'Delegate', 'Secretariat'])
    // Who has been in the document says when; who never has says so.
    const seen = (name: string) => panel.locator('.person').filter({ hasText: name }).locator('.last-seen').textContent()
    expect(await seen('Khun Prasert')).toMatch(/^last seen \S/)
    expect(await seen('Lok Dara')).toBe('not here yet')
    expect(await panel.locator('select, button, form, input').count()).toBe(0)
    expect(await panel.locator('.invitation').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context.close()
  }, 90_000)
})
