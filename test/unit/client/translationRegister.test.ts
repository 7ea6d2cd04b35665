import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { TranslationRegister } from '../../../client/src/translationRegister.js'
import type { TranslationView } from '../../../server/vocabulary/views.js'

const entry = (clauseId: string, lang: string, status: TranslationView['status'], confirmedAt: string | null = null): TranslationView => ({
  clauseId,
  lang,
  status,
  confirmedBy: confirmedAt ? { memberId: 'm1', name: 'Khun Somchai', party: 'TH' } : null,
  confirmedAt,
  workingChange: null,
})

/** A server whose answers the test hands out one by one, in any order. */
function fakeServer() {
  const pending: ((answer: TranslationView[]) => void)[] = []
  const confirmed: [string, string][] = []
  return {
    pending,
    confirmed,
    api: {
      translations: () => new Promise<TranslationView[]>((resolve) => pending.push(resolve)),
      confirmTranslation: async (clauseId: string, lang: string) => {
        confirmed.push([clauseId, lang])
        return entry(clauseId, lang, 'confirmed', '2026-05-12T09:00:00.000Z')
      },
    },
  }
}

describe('the translation register', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows the server’s statuses, and tells its listeners only when they differ', async () => {
    const server = fakeServer()
    const register = new TranslationRegister(server.api)
    let heard = 0
    register.subscribe(() => heard++)
    expect([register.loaded, register.get('c1', 'th')]).toEqual([false, null])
    const first = register.refresh()
    server.pending.shift()!([entry('c1', 'th', 'draft'), entry('c1', 'km', 'missing')])
    await first
    expect([register.loaded, register.get('c1', 'th')?.status, register.get('c1', 'km')?.status, heard]).toEqual([true, 'draft', 'missing', 1])
    const same = register.refresh()
    server.pending.shift()!([entry('c1', 'th', 'draft'), entry('c1', 'km', 'missing')])
    await same
    expect(heard).toBe(1)
  })

  it('drops an answer that arrives after a newer one', async () => {
    const server = fakeServer()
    const register = new TranslationRegister(server.api)
    const older = register.refresh()
    const newer = register.refresh()
    server.pending[1]!([entry('c1', 'th', 'stale', '2026-05-12T09:00:00.000Z')])
    await newer
    server.pending[0]!([entry('c1', 'th', 'confirmed', '2026-05-12T09:00:00.000Z')])
    await older
    expect(register.get('c1', 'th')?.status).toBe('stale')
  })

  it('keeps what it knew when the server cannot be reached', async () => {
    const register = new TranslationRegister({
      translations: async () => {
        throw new Error('offline')
      },
      confirmTranslation: async () => entry('c1', 'th', 'confirmed'),
    })
    await register.refresh()
    expect(register.loaded).toBe(false)
  })

  it('shows a confirmation at once, over any answer to an earlier question', async () => {
    const server = fakeServer()
    const register = new TranslationRegister(server.api, { settleMs: 60_000 })
    const load = register.refresh()
    server.pending.shift()!([entry('c1', 'th', 'stale', '2026-05-01T09:00:00.000Z'), entry('c2', 'th', 'draft')])
    await load
    const inFlight = register.refresh()
    await register.confirm('c1', 'th')
    expect([server.confirmed, register.get('c1', 'th')?.status, register.get('c2', 'th')?.status]).toEqual([[['c1', 'th']], 'confirmed', 'draft'])
    server.pending.shift()!([entry('c1', 'th', 'stale', '2026-05-01T09:00:00.000Z'), entry('c2', 'th', 'draft')])
    await inFlight
    expect(register.get('c1', 'th')?.status).toBe('confirmed')
    register.stop()
  })

  it('asks again once the shared document has been quiet, and stops when told', () => {
    vi.useFakeTimers()
    const server = fakeServer()
    const register = new TranslationRegister(server.api, { settleMs: 1 })
    const doc = new Y.Doc()
    register.follow(doc)
    expect(server.pending).toHaveLength(1)
    doc.getText('t').insert(0, 'a')
    doc.getText('t').insert(1, 'b')
    vi.advanceTimersByTime(20)
    expect(server.pending).toHaveLength(2)
    register.stop()
    doc.getText('t').insert(2, 'c')
    // Past the settling and a whole polling interval: nothing more is asked.
    vi.advanceTimersByTime(60_000)
    expect(server.pending).toHaveLength(2)
  })
})
