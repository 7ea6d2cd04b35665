import { describe, expect, it } from 'vitest'
import { changeOfAuditEvent } from '../../../server/vocabulary/documentChange.js'

describe('what the event stream tells of an audit event', () => {
  it('tells the kind of what changed outside the text, and nothing of what travels in it', () => {
    const kinds = Object.fromEntries(
      ['translation-confirmed', 'member-added', 'invitation-withdrawn', 'round-planned', 'round-opened', 'round-closed', 'round-attendance-set', 'record-exported', 'clause-agreed', 'revision-created'].map((event) => [
        event,
        changeOfAuditEvent(event),
      ]),
    )
    expect(kinds).toEqual({
      'translation-confirmed': 'translations',
      'member-added': 'members',
      'invitation-withdrawn': 'members',
      'round-planned': 'rounds',
      'round-opened': 'rounds',
      'round-closed': 'rounds',
      'round-attendance-set': 'rounds',
      'record-exported': null,
      'clause-agreed': null,
      'revision-created': null,
    })
  })
})
