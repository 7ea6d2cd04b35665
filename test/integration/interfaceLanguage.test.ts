/**
 * PATCH /api/me: a person keeps the language of their interface on their
 * account (English, Thai or Khmer); GET /api/me gives it back, null until
 * they choose. Anything else is refused in words, and nothing is stored.
 */

import { describe, expect, it } from 'vitest'
import { useServer } from '../support/fixtures.js'
import { cookieRequest } from '../support/cookieClient.js'
import { signInPerson } from '../support/people.js'

const fixture = useServer()

/** The language GET /api/me gives for the person of `cookie`. */
const storedLanguage = async (cookie: string) => (await cookieRequest(fixture, 'GET', '/api/me', cookie)).body.person.interfaceLanguage as unknown

describe('PATCH /api/me', () => {
  it('keeps the chosen language on the account, null until one is chosen', async () => {
    const person = await signInPerson(fixture, 'Somchai Rattanakorn')
    expect(await storedLanguage(person.cookie)).toBeNull()
    for (const language of ['th', 'km', 'en'] as const) {
      const { status, body } = await cookieRequest(fixture, 'PATCH', '/api/me', person.cookie, { body: { interfaceLanguage: language } })
      expect({ status, language: body.person.interfaceLanguage }).toEqual({ status: 200, language })
      expect(await storedLanguage(person.cookie)).toBe(language)
    }
  })

  it('refuses any other language with words, storing nothing', async () => {
    const person = await signInPerson(fixture, 'Sokha Chan')
    await cookieRequest(fixture, 'PATCH', '/api/me', person.cookie, { body: { interfaceLanguage: 'km' } })
    for (const body of [{ interfaceLanguage: 'fr' }, { interfaceLanguage: 'TH' }, { interfaceLanguage: 'th-TH' }, { interfaceLanguage: null }, { interfaceLanguage: ['th'] }, {}, ['th']]) {
      const answer = await cookieRequest(fixture, 'PATCH', '/api/me', person.cookie, { body })
      expect(answer.status).toBe(400)
      expect(answer.body.error.code).toBe('invalid')
      expect(answer.body.error.message).toMatch(/interfaceLanguage|JSON/)
    }
    expect(await storedLanguage(person.cookie)).toBe('km')
  })

  it('is for a signed-in person from the server’s own origin', async () => {
    const person = await signInPerson(fixture, 'Dara Vann')
    expect((await cookieRequest(fixture, 'PATCH', '/api/me', '', { body: { interfaceLanguage: 'th' } })).status).toBe(401)
    expect((await cookieRequest(fixture, 'PATCH', '/api/me', person.cookie, { body: { interfaceLanguage: 'th' }, origin: 'https://elsewhere.example' })).status).toBe(403)
    expect(await storedLanguage(person.cookie)).toBeNull()
  })
})
