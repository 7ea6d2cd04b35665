/**
 * Folding off the event loop: a worker thread that folds a snapshot and
 * the updates after it into one state (the same Yjs code as
 * `foldUpdates`), so that compacting a long history never holds up the
 * connections — a fold of 200,000 edits takes a quarter of a second.
 *
 * A fold is fed as the log is read: each page of updates goes to the
 * thread as one buffer and is applied there while the next is read, so the
 * event loop never copies or hands over the whole log in one piece of
 * work. One thread, started with the server and kept; folds are applied in
 * it one message at a time. The thread is a few lines of source evaluated
 * as CommonJS, handed the absolute path of Yjs's CommonJS build, so it runs
 * the same from the TypeScript sources, the tests and the built server,
 * whatever the working directory. A fold that fails (an update Yjs cannot
 * read) is rejected with Yjs's message; a thread that dies rejects what it
 * held, and the next fold starts another.
 */

import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Fold } from '../storage/updateLog.js'

const source = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
// The lowest priority for this thread alone (Linux: a thread's own id names it): on a busy machine the
// connections' thread and the database come first, and the fold takes what is left.
try {
  require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), 19)
} catch {}
const folds = new Map()
parentPort.on('message', ({ id, bytes, ends, end }) => {
  let fold = folds.get(id)
  if (!fold && bytes) folds.set(id, fold = { doc: new Y.Doc({ gc: false }), error: null })
  if (!fold) return end === 'result' && parentPort.postMessage({ id, error: 'nothing was added to this fold' })
  if (bytes && fold.error === null) {
    try {
      fold.doc.transact(() => {
        let start = 0
        for (const stop of ends) {
          Y.applyUpdate(fold.doc, bytes.subarray(start, stop))
          start = stop
        }
      })
    } catch (error) {
      fold.error = String(error && error.message || error)
    }
  }
  if (end === undefined) return
  folds.delete(id)
  try {
    if (end === 'cancel') return
    if (fold.error !== null) return parentPort.postMessage({ id, error: fold.error })
    const state = Y.encodeStateAsUpdate(fold.doc)
    parentPort.postMessage({ id, state }, [state.buffer])
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
  } finally {
    fold.doc.destroy()
  }
})
`

interface Waiting {
  resolve(state: Uint8Array): void
  reject(error: Error): void
}

export class FoldWorker {
  private worker: Worker | null = null
  /** Folds begun and not yet ended: they keep the thread (and the process) busy. */
  private open = 0
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1

  /** Starts the thread now, so that the first compaction does not wait for it on the event loop. */
  constructor() {
    this.started()
  }

  /** Begins a fold in the thread: the parts are applied there as they are added, in order, deleted content kept. */
  begin(): Fold {
    const worker = this.started()
    const id = this.nextId++
    let ended = false
    this.open++
    // Busy, the thread keeps the process alive (a drain waits for the compaction); idle, it does not.
    worker.ref()
    const end = () => {
      ended = true
      this.open--
      this.unrefIfIdle(worker)
    }
    // A thread that died took the parts it had been given: the fold must fail, never give what a new thread holds.
    const lost = () => (this.worker === worker ? null : new Error('the fold worker stopped during the fold'))
    return {
      add: (parts) => {
        if (ended) throw new Error('the fold has ended')
        const error = lost()
        if (error) throw error
        // One buffer handed over, not many small ones copied one by one (and the parts may be views of a buffer
        // the database driver shares).
        const ends = new Uint32Array(parts.length)
        let length = 0
        parts.forEach((part, index) => (ends[index] = length += part.length))
        const bytes = new Uint8Array(length)
        parts.forEach((part, index) => bytes.set(part, index === 0 ? 0 : ends[index - 1]!))
        worker.postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer])
      },
      result: () => {
        if (ended) return Promise.reject(new Error('the fold has ended'))
        const error = lost()
        if (error) {
          end()
          return Promise.reject(error)
        }
        const state = new Promise<Uint8Array>((resolve, reject) => this.waiting.set(id, { resolve, reject }))
        worker.postMessage({ id, end: 'result' })
        end()
        return state
      },
      cancel: () => {
        if (ended) return
        worker.postMessage({ id, end: 'cancel' })
        end()
      },
    }
  }

  /** One update equivalent to all of `parts`, in order (deleted content kept), folded in the thread. */
  fold(parts: readonly Uint8Array[]): Promise<Uint8Array> {
    const fold = this.begin()
    fold.add(parts)
    return fold.result()
  }

  /** Stops the thread; folds still waiting are rejected. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
    this.failAll(new Error('the fold worker was closed'))
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(source, { eval: true, workerData: { yjs: createRequire(import.meta.url).resolve('yjs') } })
    worker.unref()
    worker.on('message', ({ id, state, error }: { id: number; state?: Uint8Array; error?: string }) => {
      const waiting = this.waiting.get(id)
      this.waiting.delete(id)
      this.unrefIfIdle(worker)
      if (!waiting) return
      if (error !== undefined) waiting.reject(new Error(`the fold failed: ${error}`))
      else waiting.resolve(state!)
    })
    const died = (error: Error) => {
      if (this.worker === worker) this.worker = null
      this.failAll(error)
    }
    worker.on('error', died)
    worker.on('exit', (code) => died(new Error(`the fold worker stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }

  private unrefIfIdle(worker: Worker): void {
    if (this.open === 0 && this.waiting.size === 0) worker.unref()
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}
