/**
 * The members of a document: their roles and what a role may do to the text.
 */

/** The roles a member can hold; mirrors the CHECK constraint on `members.role`. */
export const roles = ['secretariat', 'delegate', 'legal', 'observer'] as const
export type Role = (typeof roles)[number]

export interface MemberRecord {
  id: string
  documentId: string
  name: string
  /** Party code, or null for a secretariat or observer belonging to neither party. */
  party: string | null
  role: Role
  createdAt: Date
  revokedAt: Date | null
}

/** Whether `role` may change the text of a document. */
export function canEdit(role: Role): boolean {
  return role !== 'observer'
}
