/**
 * The seal of a signing copy: an Ed25519 signature, by the server's key,
 * over a canonical statement of what the copy is — document id, revision,
 * content hash, counterpart party, the language texts it holds (in their
 * order), and the SHA-256 of the DOCX as it was before the seal went in.
 * Copies sealed before the languages were stated (`counterpart-seal/1`)
 * still check. A Record of Discussion is sealed the same way, its statement
 * also naming its round (`counterpart-seal/3`): the revision is the one that
 * closed the round, the counterpart the party whose copy it is. The statement's fields and the signature travel
 * in the DOCX's custom properties, so anyone with the public key can check
 * a copy offline (`npm run verify`).
 *
 * Checking a copy: (1) it must be laid out exactly as Counterpart writes
 * an archive (`zipArchive.ts` is reproducible), so a re-packed file fails;
 * (2) with the seal property set back to the placeholder, its SHA-256 must
 * be the statement's; (3) the signature over the statement must verify.
 * Only the custom properties part is ever inflated: the other entries are
 * hashed as they are packed, and the signature over that hash proves they
 * are the ones the server wrote. So a check costs what the file weighs,
 * never what its entries claim to unpack to: a zip bomb is refused on its
 * central directory, and the work of a check is a few hashes of the file.
 */

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../revisions/revisionHash.js'
import { CounterpartError, tooLarge } from '../vocabulary/errors.js'
import { packEntry, readPackedZip, unpackEntry, withEntry, zipBytes, zipParts, type PackedZip, type ZipLimits } from './zipArchive.js'

export const sealFormat = 'counterpart-seal/2'
/** The format of copies sealed before the statement named the languages. */
const firstSealFormat = 'counterpart-seal/1'
/** The format of a round's Record of Discussion: a signing copy's statement and the round's number. */
export const recordSealFormat = 'counterpart-seal/3'
/** Custom property names. */
export const sealProperties = {
  documentId: 'CounterpartDocumentId',
  revision: 'CounterpartRevision',
  contentHash: 'CounterpartContentHash',
  counterpart: 'CounterpartParty',
  languages: 'CounterpartLanguages',
  round: 'CounterpartRound',
  seal: 'CounterpartSeal',
} as const
/** The seal property's value while the unsealed hash is taken. */
export const sealPlaceholder = 'unsealed'

/** The part that carries the statement and the seal. */
const customPart = 'docProps/custom.xml'

/**
 * What a file may be to be checked as a signing copy. The starter MOU's
 * original in three languages is 54 KiB, 403 KiB unpacked in 23 entries,
 * at most 9:1; these admit a document some forty times as long. Only the custom properties
 * part is inflated, so the unpacked bounds refuse bombs in words rather
 * than bound work. `sealPackage` refuses to seal a copy beyond them, so
 * every sealed copy can be checked.
 */
export const signingCopyLimits: { maxFileBytes: number; maxCustomPartBytes: number; zip: ZipLimits } = {
  maxFileBytes: 2 * 1024 * 1024,
  maxCustomPartBytes: 16 * 1024,
  zip: { maxEntries: 100, maxEntryBytes: 32 * 1024 * 1024, maxTotalBytes: 32 * 1024 * 1024, maxRatio: 200 },
}

export interface SealStatement {
  format: typeof sealFormat | typeof firstSealFormat | typeof recordSealFormat
  documentId: string
  revision: number
  contentHash: string
  counterpart: string
  /** The language texts in the copy, in their order (comma-separated codes: "km,th,en"); absent in `counterpart-seal/1`. */
  languages?: string
  /** For a Record of Discussion, the number of its round; absent for an original. */
  round?: number
  /** SHA-256 (hex) of the DOCX with the seal property set to the placeholder. */
  docxSha256: string
}

/** The server's signing key. */
export class SealKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** A new random key. */
  static generate(): SealKey {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    return new SealKey(privateKey, publicKey)
  }

  /** The key in `pem` (PKCS #8). Throws when it is not an Ed25519 private key. */
  static fromPem(pem: string): SealKey {
    const privateKey = createPrivateKey(pem)
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the seal key must be Ed25519 (got ${privateKey.asymmetricKeyType})`)
    return new SealKey(privateKey, createPublicKey(privateKey))
  }

  get privateKeyPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  }

  /** The key's fingerprint: the SHA-256 (hex) of its public key's DER (SubjectPublicKeyInfo). */
  get fingerprint(): string {
    return sha256Hex(this.publicKey.export({ type: 'spki', format: 'der' }))
  }

  /** The base64 signature of the canonical statement. */
  sign(statement: SealStatement): string {
    return sign(null, Buffer.from(canonicalStatement(statement)), this.privateKey).toString('base64')
  }
}

/** The exact text that is signed: the statement as canonical JSON (keys sorted). */
export const canonicalStatement = (statement: SealStatement): string => canonicalJson(statement)

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

function sha256OfParts(parts: Uint8Array[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex')
}

/** Whether `parts`, one after the other, are `bytes` (compared in place, without copying). */
function sameBytes(parts: Uint8Array[], bytes: Uint8Array): boolean {
  let at = 0
  for (const part of parts) {
    if (at + part.length > bytes.length || Buffer.compare(asBuffer(part), asBuffer(bytes.subarray(at, at + part.length))) !== 0) return false
    at += part.length
  }
  return at === bytes.length
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * Seals a package whose seal property holds the placeholder: the result's
 * bytes, the statement signed and the signature. Throws a `too-large`
 * CounterpartError when the copy would exceed `signingCopyLimits`, which
 * would make it impossible to check.
 */
export function sealPackage(
  packed: PackedZip,
  facts: Omit<SealStatement, 'format' | 'docxSha256'>,
  key: SealKey,
): { bytes: Uint8Array; statement: SealStatement; signature: string } {
  const customEntry = packed.entries.find((entry) => entry.name === customPart)
  if (!customEntry) throw new Error('the package has no custom properties part')
  const custom = unpackEntry(customEntry)
  const format = facts.round !== undefined ? recordSealFormat : facts.languages === undefined ? firstSealFormat : sealFormat
  const statement: SealStatement = { format, ...facts, docxSha256: sha256Hex(zipBytes(packed)) }
  const signature = key.sign(statement)
  const bytes = zipBytes(withSeal(packed, decoder.decode(custom), signature))
  try {
    checkSize(bytes)
    readPackedZip(bytes, signingCopyLimits.zip)
  } catch (error) {
    if (error instanceof CounterpartError) throw tooLarge(`this signing copy could not be checked once sealed: ${error.message}`)
    throw error
  }
  return { bytes, statement, signature }
}

export type SealCheck = { valid: true; statement: SealStatement; signature: string } | { valid: false; reason: string }

/**
 * Checks a sealed DOCX against `publicKey` (see the module comment). A file
 * that is no ZIP archive at all gets a verdict. Throws a CounterpartError,
 * before inflating anything, when the file is beyond `signingCopyLimits`
 * (`too-large`), and when it is a ZIP archive that is not sound (`invalid`).
 */
export function checkSeal(bytes: Uint8Array, publicKey: KeyObject | string): SealCheck {
  checkSize(bytes)
  if (!startsAsZip(bytes)) return { valid: false, reason: 'the file is not a DOCX (ZIP) archive' }
  const { packed, custom, customRepacked } = readSigningCopy(bytes)
  // Laid out as Counterpart lays out its archives, the file's own packed entries must give the file back.
  if (customRepacked || !sameBytes(zipParts(packed), bytes)) {
    return { valid: false, reason: 'the file has been altered or re-packed since it was sealed' }
  }
  if (custom === null) return { valid: false, reason: 'the file carries no Counterpart seal' }
  const read = (name: string) => new RegExp(`name="${name}"><vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1] ?? null
  const signature = read(sealProperties.seal)
  const documentId = read(sealProperties.documentId)
  const revision = read(sealProperties.revision)
  const contentHash = read(sealProperties.contentHash)
  const counterpart = read(sealProperties.counterpart)
  const languages = read(sealProperties.languages)
  const round = read(sealProperties.round)
  if (!signature || signature === sealPlaceholder || !documentId || !revision || !contentHash || !counterpart || (round !== null && languages === null)) {
    return { valid: false, reason: 'the file carries no Counterpart seal' }
  }
  const statement: SealStatement = {
    format: round !== null ? recordSealFormat : languages === null ? firstSealFormat : sealFormat,
    documentId: unescapeXml(documentId),
    revision: Number(revision),
    contentHash,
    counterpart: unescapeXml(counterpart),
    ...(languages === null ? {} : { languages: unescapeXml(languages) }),
    ...(round === null ? {} : { round: Number(round) }),
    docxSha256: sha256OfParts(zipParts(withSeal(packed, custom, sealPlaceholder))),
  }
  let good: boolean
  try {
    good = verify(null, Buffer.from(canonicalStatement(statement)), publicKey, Buffer.from(signature, 'base64'))
  } catch {
    good = false
  }
  return good ? { valid: true, statement, signature } : { valid: false, reason: "the seal's signature does not verify: the signed statement does not match the file (changed after sealing), or the signature was made by another key" }
}

function checkSize(bytes: Uint8Array): void {
  if (bytes.length > signingCopyLimits.maxFileBytes) {
    throw tooLarge(`the file is ${bytes.length} bytes, more than the ${signingCopyLimits.maxFileBytes} a signing copy can be`)
  }
}

/**
 * The file's entries, packed as they are, and the text of its custom
 * properties part (null when it has none): the one part inflated, after
 * its size is checked; `customRepacked` when that part is not deflated
 * the way Counterpart deflates it.
 */
function readSigningCopy(bytes: Uint8Array): { packed: PackedZip; custom: string | null; customRepacked: boolean } {
  try {
    const packed = readPackedZip(bytes, signingCopyLimits.zip)
    const entry = packed.entries.find((candidate) => candidate.name === customPart)
    if (!entry) return { packed, custom: null, customRepacked: false }
    if (entry.size > signingCopyLimits.maxCustomPartBytes) {
      throw tooLarge(`its ${customPart} unpacks to ${entry.size} bytes, more than the ${signingCopyLimits.maxCustomPartBytes} a seal needs`)
    }
    const data = unpackEntry(entry)
    const customRepacked = !sameBytes([packEntry(customPart, data).compressed], entry.compressed)
    return { packed, custom: decoder.decode(data), customRepacked }
  } catch (error) {
    if (error instanceof CounterpartError) throw new CounterpartError(error.code, `this is not a signing copy Counterpart can check: ${error.message}`)
    throw error
  }
}

/** `packed` with the seal property of its custom properties part (`custom`) set to `value`; only that part is deflated again. */
function withSeal(packed: PackedZip, custom: string, value: string): PackedZip {
  const pattern = new RegExp(`(name="${sealProperties.seal}"><vt:lpwstr>)[^<]*(</vt:lpwstr>)`)
  if (!pattern.test(custom)) throw new Error(`the package has no ${sealProperties.seal} property`)
  return withEntry(packed, customPart, encoder.encode(custom.replace(pattern, `$1${value}$2`)))
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Whether `bytes` begin as a ZIP archive does (a local file header, or the end record of an empty one). */
const startsAsZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!)
}
