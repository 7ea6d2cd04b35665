/**
 * Folding off the event loop: a worker thread that folds a snapshot and
 * the updates after it into one state (`foldUpdates`, the same Yjs code),
 * so that compacting a long history never holds up the connections — a
 * fold of 200,000 edits takes a quarter of a second.
 *
 * One thread, started on first use and kept; folds queue in it one at a
 * time. The thread is a few lines of source evaluated as CommonJS, handed
 * the absolute path of Yjs's CommonJS build, so it runs the same from the
 * TypeScript sources, the tests and the built server, whatever the working
 * directory. A fold that fails (an update Yjs cannot read) is rejected
 * with Yjs's message; a thread that dies rejects what it held, and the
 * next fold starts another.
 */

import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const source = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
parentPort.on('message', ({ id, bytes, ends }) => {
  const doc = new Y.Doc({ gc: false })
  try {
    doc.transact(() => {
      let start = 0
      for (const end of ends) {
        Y.applyUpdate(doc, bytes.subarray(start, end))
        start = end
      }
    })
    const state = Y.encodeStateAsUpdate(doc)
    parentPort.postMessage({ id, state }, [state.buffer])
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
  } finally {
    doc.destroy()
  }
})
`

interface Waiting {
  resolve(state: Uint8Array): void
  reject(error: Error): void
}

export class FoldWorker {
  private worker: Worker | null = null
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1

  /** One update equivalent to all of `parts`, in order (deleted content kept), folded in the worker thread. */
  fold(parts: readonly Uint8Array[]): Promise<Uint8Array> {
    const worker = this.started()
    const id = this.nextId++
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      // Busy, the thread keeps the process alive (a drain waits for the compaction); idle, it does not.
      worker.ref()
      // One buffer handed over, not many small ones copied one by one (and the parts may be views of a buffer the
      // database driver shares).
      const ends = new Uint32Array(parts.length)
      let length = 0
      parts.forEach((part, index) => (ends[index] = length += part.length))
      const bytes = new Uint8Array(length)
      parts.forEach((part, index) => bytes.set(part, index === 0 ? 0 : ends[index - 1]!))
      worker.postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer])
    })
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
    worker.on('message', ({ id, state, error }: { id: number; state?: Uint8Array; error?: string }) => {
      const waiting = this.waiting.get(id)
      this.waiting.delete(id)
      if (this.waiting.size === 0) worker.unref()
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

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}
