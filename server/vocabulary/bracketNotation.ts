/**
 * How bracketed text reads in plain text (compare, redlines, the API's
 * text): each alternative in square brackets, alternatives of one proposal
 * separated by " / " — "[shall] / [will]". The brackets are not characters
 * of the document; readers write them between runs of text.
 */

/** A run of text inside alternative `alt` of bracket `id`. */
export interface BracketRun {
  id: string
  alt: number
}

/** What to write between a run in `before` and a run in `after` (either null: outside any bracket). */
export function bracketJoint(before: BracketRun | null, after: BracketRun | null): string {
  if (before?.id === after?.id && before?.alt === after?.alt) return ''
  let joint = ''
  if (before) joint += ']'
  if (before && after && before.id === after.id) joint += ' / '
  if (after) joint += '['
  return joint
}

/** The bracket run of a mark or format value (`{id, alt}`), or null. */
export function bracketRunOf(value: unknown): BracketRun | null {
  if (value === null || typeof value !== 'object') return null
  const { id, alt } = value as { id?: unknown; alt?: unknown }
  return typeof id === 'string' && id !== '' ? { id, alt: Number(alt) || 0 } : null
}
