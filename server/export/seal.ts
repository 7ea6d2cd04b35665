/**
 * The seal of a signing copy: an Ed25519 signature, by the server's key,
 * over a canonical statement of what the copy is — document id, revision,
 * content hash, counterpart party, and the SHA-256 of the DOCX as it was
 * before the seal went in. The statement's fields and the signature travel
 * in the DOCX's custom properties, so anyone with the public key can check
 * a copy offline (`npm run verify`).
 *
 * Checking a copy: (1) it must be exactly the archive Counterpart writes
 * for its own entries (`zipArchive.ts` is reproducible), so a re-packed or
 * altered file fails; (2) with the seal property set back to the
 * placeholder, its SHA-256 must be the statement's; (3) the signature over
 * the statement must verify.
 */

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../revisions/revisionHash.js'
import { partText, withPart } from './docxPackage.js'
import { readZip, writeZip, type ZipEntries } from './zipArchive.js'

export const sealFormat = 'counterpart-seal/1'
/** Custom property names. */
export const sealProperties = {
  documentId: 'CounterpartDocumentId',
  revision: 'CounterpartRevision',
  contentHash: 'CounterpartContentHash',
  counterpart: 'CounterpartParty',
  seal: 'CounterpartSeal',
} as const
/** The seal property's value while the unsealed hash is taken. */
export const sealPlaceholder = 'unsealed'

export interface SealStatement {
  format: typeof sealFormat
  documentId: string
  revision: number
  contentHash: string
  counterpart: string
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

  /** The base64 signature of the canonical statement. */
  sign(statement: SealStatement): string {
    return sign(null, Buffer.from(canonicalStatement(statement)), this.privateKey).toString('base64')
  }
}

/** The exact text that is signed: the statement as canonical JSON (keys sorted). */
export const canonicalStatement = (statement: SealStatement): string => canonicalJson(statement)

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * Seals a package whose seal property holds the placeholder: the result's
 * bytes, the statement signed and the signature.
 */
export function sealPackage(
  entries: ZipEntries,
  facts: Omit<SealStatement, 'format' | 'docxSha256'>,
  key: SealKey,
): { bytes: Uint8Array; statement: SealStatement; signature: string } {
  const statement: SealStatement = { format: sealFormat, ...facts, docxSha256: sha256Hex(writeZip(entries)) }
  const signature = key.sign(statement)
  return { bytes: writeZip(setSeal(entries, signature)), statement, signature }
}

export type SealCheck = { valid: true; statement: SealStatement; signature: string } | { valid: false; reason: string }

/** Checks a sealed DOCX against `publicKey` (see the module comment). */
export function checkSeal(bytes: Uint8Array, publicKey: KeyObject | string): SealCheck {
  let entries: ZipEntries
  try {
    entries = readZip(bytes)
  } catch {
    return { valid: false, reason: 'the file is not a DOCX (ZIP) archive' }
  }
  if (sha256Hex(writeZip(entries)) !== sha256Hex(bytes)) {
    return { valid: false, reason: 'the file has been altered or re-packed since it was sealed' }
  }
  const custom = partText(entries, 'docProps/custom.xml')
  if (custom === null) return { valid: false, reason: 'the file carries no Counterpart seal' }
  const read = (name: string) => new RegExp(`name="${name}"><vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1] ?? null
  const signature = read(sealProperties.seal)
  const documentId = read(sealProperties.documentId)
  const revision = read(sealProperties.revision)
  const contentHash = read(sealProperties.contentHash)
  const counterpart = read(sealProperties.counterpart)
  if (!signature || signature === sealPlaceholder || !documentId || !revision || !contentHash || !counterpart) {
    return { valid: false, reason: 'the file carries no Counterpart seal' }
  }
  const statement: SealStatement = {
    format: sealFormat,
    documentId: unescapeXml(documentId),
    revision: Number(revision),
    contentHash,
    counterpart: unescapeXml(counterpart),
    docxSha256: sha256Hex(writeZip(setSeal(entries, sealPlaceholder))),
  }
  let good: boolean
  try {
    good = verify(null, Buffer.from(canonicalStatement(statement)), publicKey, Buffer.from(signature, 'base64'))
  } catch {
    good = false
  }
  return good ? { valid: true, statement, signature } : { valid: false, reason: 'the seal does not match the file: it was changed after sealing, or sealed by another key' }
}

function setSeal(entries: ZipEntries, value: string): ZipEntries {
  const custom = partText(entries, 'docProps/custom.xml')
  if (custom === null) throw new Error('the package has no custom properties part')
  const pattern = new RegExp(`(name="${sealProperties.seal}"><vt:lpwstr>)[^<]*(</vt:lpwstr>)`)
  if (!pattern.test(custom)) throw new Error(`the package has no ${sealProperties.seal} property`)
  return withPart(entries, 'docProps/custom.xml', custom.replace(pattern, `$1${value}$2`))
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!)
}
