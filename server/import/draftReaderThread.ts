/**
 * The draft reader's thread (`draftReader.ts` starts it): each message is a
 * file to read with `readDraftFile`, answered with the draft, or with the
 * error the reading threw — a CounterpartError by its code, message,
 * details and words, so that the event loop throws the same refusal again.
 * Not to be imported on the main thread.
 */

import { parentPort } from 'node:worker_threads'
import type { ImportFormat, TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { CounterpartError, type ErrorCode } from '../vocabulary/errors.js'
import type { RefusalWords } from '../vocabulary/refusal.js'
import { readDraftFile } from './draftFile.js'
import type { ImportedDraft } from './importedDraft.js'

/** A file to read: its bytes handed over, not copied. */
export interface ReadRequest {
  id: number
  bytes: Uint8Array
  format: ImportFormat
  changes: TrackedChangeHandling
}

/** What the thread says: that it is ready (once, its module loaded); then for each file, the draft, a refusal, or an error no reader meant (a fault, answered as one). */
export type ReadAnswer =
  | { ready: true }
  | { id: number; draft: ImportedDraft }
  | { id: number; refusal: { code: ErrorCode; message: string; details?: Record<string, unknown>; words?: RefusalWords } }
  | { id: number; fault: { message: string; stack?: string } }

if (!parentPort) throw new Error('draftReaderThread.ts runs in the draft reader’s worker thread, not on the main thread')
const port = parentPort

port.on('message', ({ id, bytes, format, changes }: ReadRequest) => {
  let answer: ReadAnswer
  try {
    answer = { id, draft: readDraftFile(bytes, format, changes) }
  } catch (error) {
    if (error instanceof CounterpartError) {
      answer = { id, refusal: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), ...(error.words ? { words: error.words } : {}) } }
    } else {
      const fault = error instanceof Error ? error : new Error(String(error))
      answer = { id, fault: { message: fault.message, ...(fault.stack ? { stack: fault.stack } : {}) } }
    }
  }
  port.postMessage(answer)
})
port.postMessage({ ready: true } satisfies ReadAnswer)
