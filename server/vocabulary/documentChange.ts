/**
 * What changed in a negotiation outside its shared text, as its event
 * stream tells the pages (`GET …/events`): the kind only, so that each
 * page reads again what it shows.
 */

export const documentChanges = ['comments', 'translations', 'members', 'rounds'] as const
export type DocumentChange = (typeof documentChanges)[number]

/** The kind of change an audit event is, or null for one a page need not hear (it travels in the text, or changes nothing shown). */
export function changeOfAuditEvent(event: string): DocumentChange | null {
  if (event === 'translation-confirmed') return 'translations'
  if (event.startsWith('member-') || event.startsWith('invitation-')) return 'members'
  // A round planned, opened, closed, or its attendance set: the header and the Rounds tab show it.
  if (event.startsWith('round-')) return 'rounds'
  return null
}
