/**
 * Recording revisions of live documents: the exact state, a Yjs snapshot,
 * the content hash and the link to the previous revision. Also the
 * automatic checkpoints: when the last client leaves a document that
 * changed, and after a long stretch of editing, so that no stretch of work
 * is unrecoverable.
 */

import * as Y from 'yjs'
import type { Logger } from '../logger.js'
import type { AuditTrail } from './auditTrail.js'
import { readContent } from '../mou/contentCodec.js'
import { contentHash, genesisHash, revisionHash } from '../revisions/revisionHash.js'
import type { RevisionStore } from '../storage/revisionStore.js'
import type { LiveDocument } from '../engine/liveDocument.js'
import type { RevisionRecord } from '../vocabulary/revision.js'

export interface RevisionRequest {
  label: string
  note: string
  auto: boolean
  createdBy: string | null
  createdByKind: RevisionRecord['createdByKind']
}

/**
 * Told of each revision as it is taken: `recording` is called with the live
 * document at that very moment (it holds exactly the revision's state); what
 * it returns is called with the revision once it is stored.
 */
export interface RevisionFollower {
  recording(documentId: string, live: Y.Doc): ((revision: RevisionRecord) => void) | null
}

/** A document's state read as a revision, recorded once committed. */
export interface CapturedRevision {
  readonly createdAt: Date
  /** Stores it as the document's next revision. */
  commit(): Promise<RevisionRecord>
}

export class RevisionRecorder {
  private readonly checkpointing = new Map<string, Promise<void>>()
  private readonly followers: RevisionFollower[] = []

  constructor(
    private readonly store: Pick<RevisionStore, 'append'>,
    private readonly checkpointAfterMs: number,
    private readonly logger: Logger,
    private readonly audit: Pick<AuditTrail, 'record'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Tells `follower` of every revision recorded from now on. */
  follow(follower: RevisionFollower): void {
    this.followers.push(follower)
  }

  /** Records the current state of `document` as its next revision. */
  async record(document: LiveDocument, request: RevisionRequest): Promise<RevisionRecord> {
    const captured = this.capture(document, request)
    const changed = document.changedSinceRevision
    document.changedSinceRevision = false
    document.lastRevisionAt = captured.createdAt.getTime()
    try {
      return await captured.commit()
    } catch (error) {
      document.changedSinceRevision ||= changed
      throw error
    }
  }

  /**
   * The state of `document` at this moment, read now, synchronously, as a
   * revision not yet recorded: `commit` stores it as the next revision (its
   * number and link given then). Never committed, nothing was recorded —
   * what a change that may be refused takes first, so that a refusal leaves
   * no trace of it in the log.
   */
  capture(document: LiveDocument, request: RevisionRequest): CapturedRevision {
    const state = Y.encodeStateAsUpdate(document.doc)
    const snapshot = Y.encodeSnapshot(Y.snapshot(document.doc))
    const hashOfContent = contentHash(readContent(document.doc))
    const createdAt = new Date(this.now().getTime())
    // A follower's failure is logged, never the revision's: it only keeps a copy ahead.
    const failed = (error: unknown) => this.logger.error('revision.follower-failed', { documentId: document.id, error })
    const followed = this.followers.map((follower) => {
      try {
        return follower.recording(document.id, document.doc)
      } catch (error) {
        failed(error)
        return null
      }
    })
    const commit = async () => {
      const revision = await this.store.append(document.id, (seq, previousHash) => {
        const header = {
          documentId: document.id,
          seq,
          label: request.label,
          note: request.note,
          auto: request.auto,
          createdBy: request.createdBy,
          createdByKind: request.createdByKind,
          createdAt: createdAt.toISOString(),
          contentHash: hashOfContent,
          parentHash: previousHash ?? genesisHash,
        }
        return { ...header, createdAt, snapshot, state, hash: revisionHash(header) }
      })
      for (const stored of followed) {
        try {
          stored?.(revision)
        } catch (error) {
          failed(error)
        }
      }
      return revision
    }
    return { createdAt, commit }
  }

  /** After each committed change: a checkpoint once editing has gone on long enough since the last revision. */
  consider(document: LiveDocument): void {
    if (!document.changedSinceRevision || this.now().getTime() - document.lastRevisionAt < this.checkpointAfterMs) return
    void this.checkpoint(document, 'after a long stretch of editing')
  }

  /** Before a document leaves memory: a checkpoint if it changed since its last revision. */
  async beforeUnload(document: LiveDocument): Promise<void> {
    if (document.changedSinceRevision) await this.checkpoint(document, 'the last client left')
  }

  /** Resolves when no checkpoint is being recorded (shutdown waits for them). */
  async idle(): Promise<void> {
    while (this.checkpointing.size > 0) await Promise.allSettled([...this.checkpointing.values()])
  }

  private checkpoint(document: LiveDocument, why: string): Promise<void> {
    const running = this.checkpointing.get(document.id)
    if (running) return running
    const work = this.recordCheckpoint(document, why).finally(() => this.checkpointing.delete(document.id))
    this.checkpointing.set(document.id, work)
    return work
  }

  private async recordCheckpoint(document: LiveDocument, why: string): Promise<void> {
    try {
      const when = this.now().toISOString().slice(0, 16).replace('T', ' ')
      const revision = await this.record(document, {
        label: `Automatic checkpoint ${when} UTC`,
        note: `Recorded by the server: ${why}.`,
        auto: true,
        createdBy: null,
        createdByKind: 'server',
      })
      this.logger.info('revision.checkpoint', { documentId: document.id, seq: revision.seq, why })
      await this.audit.record(document.id, null, { event: 'revision-checkpoint', details: { seq: revision.seq, label: revision.label, why } })
    } catch (error) {
      this.logger.error('revision.checkpoint-failed', { documentId: document.id, error })
    }
  }
}
