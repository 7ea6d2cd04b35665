/**
 * Signing originals as the secretariat gets them: a document drafted from
 * the starter library, every clause agreed by both delegations, a revision
 * recorded for signature, and each party's sealed original downloaded. And
 * the two hashes of a file that the verifiers name: the file's own
 * (`sha256sum`) and the one its seal signs.
 */

import { createHash } from 'node:crypto'
import { sealPlaceholder } from '../../server/export/seal.js'
import { readPackedZip, unpackEntry, withEntry, zipBytes } from '../../server/export/zipArchive.js'
import type { VerdictView } from '../../server/vocabulary/verdictView.js'
import { agreeEveryClause } from './negotiation.js'
import { trilingualDocument, type TestServer } from './testServer.js'

export interface ExportedOriginals {
  documentId: string
  title: string
  /** The revision the originals were exported from. */
  revision: number
  /** The secretariat member who exported them. */
  secretariat: { id: string; token: string; name: string }
  /** Each party's original, as downloaded. */
  TH: Uint8Array
  KH: Uint8Array
}

/**
 * Drafts the starter MOU, agrees every clause, records a revision for
 * signature and downloads both parties' originals. `trilingual`: the MOU in
 * English, Thai and Khmer (`trilingualDocument`), each clause's Thai and
 * Khmer texts confirmed by the party whose language it is first.
 */
export async function exportOriginals(server: TestServer, { trilingual = false } = {}): Promise<ExportedOriginals> {
  const documentId = trilingual
    ? await created(server, { ...trilingualDocument, style: 'treaty' })
    : await server.draftDocument('anti-trafficking-mou', { style: 'treaty' })
  const name = 'Joint Secretariat'
  const secretariat = { ...(await server.addMember(documentId, 'secretariat', null, name)), name }
  const thai = await server.addMember(documentId, 'delegate', 'TH')
  const khmer = await server.addMember(documentId, 'delegate', 'KH')
  if (trilingual) await confirmTranslations(server, documentId, { th: thai.token, km: khmer.token })
  await agreeEveryClause(server, documentId, thai.token, khmer.token)
  const revision = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'For signature' } })
  if (revision.status !== 201) throw new Error(`recording the revision: ${revision.status} ${JSON.stringify(revision.body)}`)
  const download = async (party: 'TH' | 'KH') => {
    const path = `/api/documents/${documentId}/revisions/${revision.body.seq}/export.docx?counterpart=${party}`
    const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${secretariat.token}` } })
    if (response.status !== 200) throw new Error(`exporting the ${party} original: ${response.status} ${await response.text()}`)
    return new Uint8Array(await response.arrayBuffer())
  }
  const { body: document } = await server.request('GET', `/api/documents/${documentId}`)
  return { documentId, title: document.title, revision: revision.body.seq, secretariat, TH: await download('TH'), KH: await download('KH') }
}

/** POST /api/documents as the administrator; resolves to the new document's id. */
async function created(server: TestServer, body: unknown): Promise<string> {
  const response = await server.request('POST', '/api/documents', { body })
  if (response.status !== 201) throw new Error(`creating a document: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body.id
}

/** Confirms every clause's text in each language by the delegate whose token `tokens` gives for it. */
async function confirmTranslations(server: TestServer, documentId: string, tokens: Record<string, string>): Promise<void> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`, { token: Object.values(tokens)[0]! })
  for (const clause of body.clauses as { id: string }[]) {
    for (const [lang, token] of Object.entries(tokens)) {
      const confirmed = await server.request('POST', `/api/documents/${documentId}/clauses/${clause.id}/translations/${lang}/confirm`, { token })
      if (confirmed.status !== 201) throw new Error(`confirming the ${lang} text of ${clause.id}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`)
    }
  }
}

/** The server's verdict on `bytes` (POST /api/verify, no token). */
export async function verdictOn(server: TestServer, bytes: Uint8Array): Promise<VerdictView> {
  const response = await fetch(`${server.url}/api/verify`, { method: 'POST', body: Buffer.from(bytes) })
  if (response.status !== 200) throw new Error(`POST /api/verify answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as VerdictView
}

/** The file's SHA-256 in hex: the first field of what `sha256sum` prints for it. */
export const fileSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** The hash the seal signs: the SHA-256 of the file with its seal set back to the placeholder, packed as Counterpart packs. */
export function unsealedSha256(copy: Uint8Array): string {
  const customPart = 'docProps/custom.xml'
  const packed = readPackedZip(copy)
  const custom = new TextDecoder().decode(unpackEntry(packed.entries.find((entry) => entry.name === customPart)!))
  const unsealed = custom.replace(/(name="CounterpartSeal"><vt:lpwstr>)[^<]*(<\/vt:lpwstr>)/, `$1${sealPlaceholder}$2`)
  return fileSha256(zipBytes(withEntry(packed, customPart, new TextEncoder().encode(unsealed))))
}

/** `copy` with one byte, in its middle, changed. */
export function withOneByteChanged(copy: Uint8Array): Uint8Array {
  const changed = copy.slice()
  changed[Math.floor(changed.length / 2)]! ^= 0x01
  return changed
}
