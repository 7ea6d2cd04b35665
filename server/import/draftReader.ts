/**
 * Drafts read off the event loop: a worker thread that reads an uploaded
 * file (`readDraftFile`: the package opened within its bounds, its XML
 * parsed, the body mapped onto an instrument), so that the largest file
 * the import admits — some 0.8 s of reading — never holds up the
 * connections of every negotiation meanwhile.
 *
 * One thread, started with the first read and kept, reads one file at a
 * time; a few more wait their turn, and beyond them a read is refused as
 * the server being busy. The bytes are copied and the copy handed over,
 * so the caller's buffer (perhaps a view of one Node shares) is left as
 * it was. What the reading refuses comes back as the same
 * CounterpartError (code, message, details, words), so the route answers
 * exactly as it would have on the event loop. The thread's heap is
 * bounded: a thread that runs out of it, or dies any other way, rejects
 * the read it held in words, and the next read starts another thread.
 *
 * The thread runs the project's own modules (`draftReaderThread.ts`): the
 * built JavaScript beside this file, or, run from the TypeScript sources
 * (the tests, `npm run dev`), the sources through tsx registered in the
 * thread (Node 20 does not carry the main thread's loader into a worker).
 */

import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ImportFormat, TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { CounterpartError, goingAway, invalid, tooLarge, unavailable } from '../vocabulary/errors.js'
import type { ReadAnswer, ReadRequest } from './draftReaderThread.js'
import type { ImportedDraft } from './importedDraft.js'

/** How much the reader takes on. */
export interface DraftReaderLimits {
  /** Reads that may wait while one is read; one more is refused (503, in words). */
  maxWaiting: number
  /** The thread's heap (V8's old generation), in MiB: a read that needs more is refused as too large. */
  maxHeapMb: number
}

/** The largest file admitted (8 MiB of main document, 5,000 paragraphs) reads within half of this heap; in 64 MiB it does not. */
export const draftReaderLimits: DraftReaderLimits = { maxWaiting: 4, maxHeapMb: 512 }

interface Job {
  id: number
  bytes: Uint8Array
  format: ImportFormat
  changes: TrackedChangeHandling
  resolve(draft: ImportedDraft): void
  reject(error: Error): void
}

interface Thread {
  worker: Worker
  /** Whether its module loaded (it said so): a thread that dies before is a fault of the server, not of a file. */
  ready: boolean
}

/** Whether this module runs from the TypeScript sources (its own URL says so), and so must the thread. */
const fromSources = import.meta.url.endsWith('.ts')
const threadEntry = new URL(`./draftReaderThread.${fromSources ? 'ts' : 'js'}`, import.meta.url)

/** From the sources, the thread registers tsx's loader, then imports its module. */
const sourcesBoot = `
const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ register }) => register()).then(() => import(workerData.entry))
`

export class DraftReader {
  private thread: Thread | null = null
  /** The read in the thread, if any. */
  private reading: Job | null = null
  /** Reads waiting their turn, first first. */
  private readonly waiting: Job[] = []
  private nextId = 1

  constructor(private readonly limits: DraftReaderLimits = draftReaderLimits) {}

  /**
   * The draft in `bytes` read as `format` (see `readDraftFile`), in the
   * thread; `bytes` are copied and left as they were. Rejects with the
   * CounterpartError the reading throws (`invalid`, `too-large`), with
   * `too-large` when the reading outgrows the thread's heap, `invalid` when
   * the thread dies otherwise while reading, `unavailable` when
   * `limits.maxWaiting` reads already wait, and `going-away` when the
   * reader is closed first.
   */
  read(bytes: Uint8Array, format: ImportFormat, changes: TrackedChangeHandling): Promise<ImportedDraft> {
    if (this.reading !== null && this.waiting.length >= this.limits.maxWaiting) {
      return Promise.reject(unavailable(`the server is reading ${this.waiting.length + 1} other drafts already; send the file again in a moment`))
    }
    return new Promise<ImportedDraft>((resolve, reject) => {
      // `new Uint8Array` copies (Buffer's own `slice` would not): the copy's buffer is ours to hand over.
      this.waiting.push({ id: this.nextId++, bytes: new Uint8Array(bytes), format, changes, resolve, reject })
      this.readNext()
    })
  }

  /** Stops the thread; the read it held and those waiting are rejected (`going-away`). A later read starts a new thread. */
  async close(): Promise<void> {
    const thread = this.thread
    this.thread = null
    const held = [...(this.reading ? [this.reading] : []), ...this.waiting.splice(0)]
    this.reading = null
    for (const job of held) job.reject(goingAway('the server is shutting down; send the file again once it is back'))
    if (thread) await thread.worker.terminate()
  }

  private readNext(): void {
    if (this.reading !== null) return
    const job = this.waiting.shift()
    if (!job) return
    const { worker } = this.started()
    this.reading = job
    // Reading, the thread keeps the process up (a drain waits for the answer); idle, it never does.
    worker.ref()
    const request: ReadRequest = { id: job.id, bytes: job.bytes, format: job.format, changes: job.changes }
    worker.postMessage(request, [job.bytes.buffer as ArrayBuffer])
  }

  private started(): Thread {
    if (this.thread) return this.thread
    const options = { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb } }
    const worker = fromSources ? new Worker(sourcesBoot, { ...options, eval: true, workerData: { tsx: tsxLoader(), entry: threadEntry.href } }) : new Worker(threadEntry, options)
    worker.unref()
    const thread: Thread = { worker, ready: false }
    worker.on('message', (answer: ReadAnswer) => {
      if ('ready' in answer) {
        thread.ready = true
        return
      }
      const job = this.reading
      if (this.thread !== thread || job === null || job.id !== answer.id) return
      this.reading = null
      worker.unref()
      if ('draft' in answer) job.resolve(answer.draft)
      else if ('refusal' in answer) job.reject(refusalOf(answer.refusal))
      else job.reject(faultOf(answer.fault))
      this.readNext()
    })
    // A thread that died took the read it held with it: that read fails in words, the next starts a thread.
    const died = (error: Error) => {
      if (this.thread !== thread) return
      this.thread = null
      const job = this.reading
      this.reading = null
      job?.reject(deathOf(error, thread.ready, this.limits))
      this.readNext()
    }
    worker.on('error', died)
    worker.on('exit', (code) => died(new Error(`the thread stopped with exit code ${code}`)))
    this.thread = thread
    return thread
  }
}

/** The refusal the thread's reading threw, made again on this side. */
function refusalOf(refusal: Extract<ReadAnswer, { refusal: unknown }>['refusal']): CounterpartError {
  return new CounterpartError(refusal.code, refusal.words ?? refusal.message, refusal.details)
}

/** An error no reader meant (a fault in the code): answered as a fault, with where the thread met it. */
function faultOf(fault: { message: string; stack?: string }): Error {
  const error = new Error(`reading the draft failed: ${fault.message}`)
  if (fault.stack) error.stack = `${error.stack}\nin the draft reader's thread: ${fault.stack}`
  return error
}

/** What the read a thread held when it died meets. */
function deathOf(error: Error, ready: boolean, limits: DraftReaderLimits): Error {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return tooLarge(`the file could not be read within the ${limits.maxHeapMb} MiB of memory a draft's reading may use: it holds too much to import`)
  }
  if (!ready) return new Error(`the draft reader's thread did not start: ${error.message}`)
  return invalid(`the file could not be read: the reader stopped while reading it (${error.message})`)
}

/** tsx's ESM API (`tsx/esm/api`, its build for `import`), whose `register` lets the thread import the TypeScript sources. */
function tsxLoader(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json')
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> }
  const entry = exports['./esm/api']?.import?.default
  if (!entry) throw new Error(`tsx (${manifest}) names no ESM build of "tsx/esm/api"`)
  return pathToFileURL(path.join(path.dirname(manifest), entry)).href
}
