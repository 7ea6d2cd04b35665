/**
 * A Word file read as a draft: the package opened within bounds
 * (`wordPackage.ts`), its body read with the tracked changes taken as asked
 * (`wordBody.ts`) and mapped onto an instrument (`draftMapping.ts`). The
 * one entry point of the Word reader.
 */

import type { TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { mapWordBody } from './draftMapping.js'
import type { ImportedDraft } from './importedDraft.js'
import { readWordBody } from './wordBody.js'
import { readWordPackage, wordLimits, type WordLimits } from './wordPackage.js'

/**
 * The draft in the Word file `bytes`, its tracked changes kept as
 * proposals ('brackets') or accepted or rejected. Throws a CounterpartError
 * (`invalid`, `too-large`) naming what is wrong with the file.
 */
export function readWordDraft(bytes: Uint8Array, changes: TrackedChangeHandling, limits: WordLimits = wordLimits): ImportedDraft {
  return mapWordBody(readWordBody(readWordPackage(bytes, limits), changes, limits), changes)
}
