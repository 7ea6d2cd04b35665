/**
 * A draft's file told and read, whatever its format: a Word file (DOCX),
 * or Akoma Ntoso — one XML expression, or a zip of them as Counterpart's
 * own `export.akn` writes them. The one entry point the import route's
 * service reads a file through.
 */

import type { ImportFormat, TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { readAkomaNtoso } from './akomaNtoso.js'
import { akomaNtosoFiles, startsAsZip } from './akomaNtosoFile.js'
import type { ImportedDraft } from './importedDraft.js'
import { readWordDraft } from './wordDraft.js'

/** Media types that say "Akoma Ntoso" (an XML expression, or a zip of them). */
const aknTypes = /^(application\/akn\+xml|application\/xml|text\/xml|application\/zip)\b/i
/** Media types that say "Word". */
const wordTypes = /^application\/(vnd\.openxmlformats-officedocument\.wordprocessingml\.document|msword)\b/i

/**
 * The format of `bytes` sent as `contentType`: Akoma Ntoso when the type
 * says XML (or a zip that is not Word's), Word when it says Word; for any
 * other type, told by the bytes — XML (`<?xml`, `<akomaNtoso`, after a
 * byte-order mark and white space) is Akoma Ntoso, a zip holding no
 * `[Content_Types].xml` is a zip of expressions, anything else is read
 * as Word (whose reader says in words what is wrong with it).
 */
export function draftFormatOf(bytes: Uint8Array, contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').trim()
  if (wordTypes.test(type)) return 'docx'
  if (aknTypes.test(type)) return 'akn'
  if (startsAsXml(bytes)) return 'akn'
  if (startsAsZip(bytes) && !holdsName(bytes, '[Content_Types].xml')) return 'akn'
  return 'docx'
}

/**
 * The draft in `bytes` read as `format`, its tracked changes (Akoma Ntoso's
 * `ins`/`del` and Counterpart's bracketed alternatives) kept or resolved as
 * `changes`. A clause of a Counterpart export carries the clause id it was
 * exported from (`DraftClause.id`), so that it is matched by id. Throws a
 * CounterpartError (`invalid`, `too-large`) naming what is wrong.
 */
export function readDraftFile(bytes: Uint8Array, format: ImportFormat, changes: TrackedChangeHandling): ImportedDraft {
  if (format === 'docx') return readWordDraft(bytes, changes)
  const { draft, clauses } = readAkomaNtoso(akomaNtosoFiles(bytes, 'the uploaded file'), { changes })
  draft.texts.forEach((text, at) => {
    text.clauses.forEach((clause, index) => {
      clause.id = clauses[at]?.[index]?.clauseId ?? null
    })
  })
  return draft
}

/** Whether `bytes` open as XML text: `<?xml` or `<akomaNtoso`, after a UTF-8 byte-order mark and white space (or UTF-16's mark). */
function startsAsXml(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart()
  return head.startsWith('<?xml') || /^<([A-Za-z_][\w.-]*:)?akomaNtoso\b/.test(head)
}

/** Whether a zip's local headers or directory name `name` (a scan of the bytes; the reader opens the zip properly). */
function holdsName(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name, 0, 'latin1')
}
