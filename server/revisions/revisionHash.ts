/**
 * The hashes that seal the version log.
 *
 * contentHash = SHA-256, in lower-case hex, of the UTF-8 bytes of the
 * canonical JSON of the document content: the ProseMirror JSON of the
 * document with every `ychange` attribute and every attribute whose value
 * is null left out, object keys sorted by UTF-16 code unit, no whitespace
 * (JSON.stringify's escaping).
 *
 * hash = SHA-256 of the canonical JSON of the revision's header
 * {auto, contentHash, createdAt (ISO 8601, UTC, milliseconds), createdBy
 * (member id or null), createdByKind, documentId, label, note, parentHash,
 * seq}; each revision's parentHash is the previous revision's hash, the
 * first one's is 64 zeros. Anyone holding the revisions can recompute both.
 */

import { createHash } from 'node:crypto'
import type { Node } from 'prosemirror-model'

export const genesisHash = '0'.repeat(64)

export interface RevisionHeader {
  documentId: string
  seq: number
  label: string
  note: string
  auto: boolean
  createdBy: string | null
  createdByKind: 'member' | 'admin' | 'server'
  createdAt: string
  contentHash: string
  parentHash: string
}

/** JSON with object keys sorted, recursively; `drop(key, value)` leaves entries out. */
export function canonicalJson(value: unknown, drop: (key: string, value: unknown) => boolean = () => false): string {
  const normalise = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(normalise)
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .filter((key) => !drop(key, (item as Record<string, unknown>)[key]))
          .map((key) => [key, normalise((item as Record<string, unknown>)[key])]),
      )
    }
    return item
  }
  return JSON.stringify(normalise(value))
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The canonical serialisation of a document's content (see the module comment). */
export function canonicalContent(content: Node): string {
  return canonicalJson(content.toJSON(), (key, value) => key === 'ychange' || value === null)
}

/** SHA-256 of the canonical content. */
export const contentHash = (content: Node): string => sha256(canonicalContent(content))

/** SHA-256 of the canonical header. */
export const revisionHash = (header: RevisionHeader): string => sha256(canonicalJson(header))
