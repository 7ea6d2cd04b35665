import { describe, expect, it } from 'vitest'
import { generateSessionToken, isSameOrigin, readSessionCookie, sessionCookie, sessionCookieName } from '../../../server/access/sessionCookie.js'

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Strict always, Secure and __Host- behind https', () => {
    const token = generateSessionToken()
    expect(sessionCookie(sessionCookieName(false), token, { secure: false, maxAgeSeconds: 3600.7 })).toBe(`counterpart_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600`)
    expect(sessionCookie(sessionCookieName(true), token, { secure: true, maxAgeSeconds: 60 })).toBe(`__Host-counterpart_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure`)
  })

  it('is read only by its own name and only when it looks like a session token', () => {
    const token = generateSessionToken()
    expect(token).toMatch(/^cps_[A-Za-z0-9_-]{43}$/)
    expect(readSessionCookie(`theme=dark; counterpart_session=${token}; other=1`, 'counterpart_session')).toBe(token)
    expect(readSessionCookie(`xcounterpart_session=${token}`, 'counterpart_session')).toBeNull()
    expect(readSessionCookie('counterpart_session=cp_notasession', 'counterpart_session')).toBeNull()
    expect(readSessionCookie(undefined, 'counterpart_session')).toBeNull()
  })

  it('an origin matches only exactly: scheme, host and port; a localhost origin also at a loopback address of its port', () => {
    expect(isSameOrigin('http://localhost:8080', 'http://localhost:8080')).toBe(true)
    expect(isSameOrigin('http://127.0.0.1:8080', 'http://localhost:8080')).toBe(true)
    expect(isSameOrigin('http://[::1]:8080', 'http://localhost:8080')).toBe(true)
    for (const other of [undefined, 'null', 'http://localhost:8081', 'https://localhost:8080', 'http://127.0.0.1:8081', 'http://127.0.0.2:8080', 'http://localhost:8080/', 'http://evil.example:8080']) {
      expect(isSameOrigin(other, 'http://localhost:8080')).toBe(false)
    }
    for (const other of ['http://localhost', 'http://127.0.0.1', 'https://counterpart.example.org:443', 'http://counterpart.example.org']) {
      expect(isSameOrigin(other, 'https://counterpart.example.org')).toBe(false)
    }
  })
})
