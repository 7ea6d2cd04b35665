/**
 * The durable log of each document's Yjs updates: a compacted snapshot plus
 * the updates appended since. This module knows rows and bytes, not Yjs:
 * folding updates together is a function the caller passes in.
 */

import type { Database, Queryable } from './database.js'
import { leaseLost, type LeaseFence } from '../vocabulary/documentLease.js'

/** One update to append, with the authorship facts it brings. */
export interface UpdateEntry {
  documentId: string
  update: Uint8Array
  /** The member whose connection sent it (or on whose behalf the server made it); null for the server itself. */
  memberId: string | null
  /** Yjs client ids this update introduces, to be recorded as `memberId`'s. */
  clientIds?: readonly number[]
  /** Items this update deletes, to be recorded as deleted by `memberId`. */
  deletions?: readonly { client: number; clock: number; len: number }[]
  /** Items this update adds, to be recorded as made when it is stored. */
  insertions?: readonly { client: number; clock: number; len: number }[]
  /** The lease its document's owner holds: stored only while that lease is still the document's (the fencing token). */
  fence?: LeaseFence
}

/** What loading a document reads: the snapshot (if any) and every update not yet folded into it. */
export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** How many updates the snapshot holds (0 without one). */
  foldedUpdates: number
}

/**
 * A fold of a snapshot and the updates after it into one state, fed in
 * order a part at a time; what combines them is the caller's (this module
 * knows bytes, not Yjs).
 */
export interface Fold {
  /** The next parts, in order. */
  add(parts: readonly Uint8Array[]): void
  /** The state equivalent to every part added. */
  result(): Promise<Uint8Array>
  /** Drops what was added; the fold gives no result. Does nothing after `result`. */
  cancel(): void
}

/** Rows a compaction reads at a time. */
export const compactionPageRows = 1_000

/** Most updates appended at once. */
export const maxRowsPerAppend = 10_000

export class UpdateLog {
  constructor(private readonly db: Database) {}

  /**
   * Appends `entries` in one statement (one transaction). Resolves once the
   * database has committed them; rejects, with nothing stored, otherwise.
   */
  async append(entries: readonly UpdateEntry[]): Promise<void> {
    if (entries.length === 0) return
    if (entries.length > maxRowsPerAppend) {
      throw new RangeError(`cannot append ${entries.length} updates at once (at most ${maxRowsPerAppend})`)
    }
    const updates = entries.map((entry) => [entry.documentId, entry.update, entry.memberId])
    const clientIds = entries.flatMap((entry) => (entry.clientIds ?? []).map((client) => [entry.documentId, client, entry.memberId]))
    const deletions = entries.flatMap((entry) =>
      (entry.deletions ?? []).map((range) => [entry.documentId, range.client, range.clock, range.len, entry.memberId]),
    )
    const insertions = entries.flatMap((entry) => (entry.insertions ?? []).map((range) => [entry.documentId, range.client, range.clock, range.len]))
    const fences = fencesOf(entries)
    // Most updates only add text: the rows and their insertion marks in one statement, which is one transaction (so
    // both take the same now()); behind a fence, of one document (the statement checks one lease).
    const oneFence = fences.size === 0 || (fences.size === 1 && entries.every((entry) => fences.has(entry.documentId)))
    if (clientIds.length === 0 && deletions.length === 0 && oneFence && updates.length * 3 + insertions.length * 4 <= maxParameters) {
      await this.appendAdditions(updates, insertions, [...fences][0] ?? null)
      return
    }
    await this.db.transaction(async (db: Queryable) => {
      await holdFences(db, fences)
      await insertRows(db, 'doc_updates (document_id, data, member_id)', updates)
      await insertRows(db, 'insertion_marks (document_id, client_id, clock, len)', insertions)
      await insertRows(db, 'client_ids (document_id, client_id, member_id)', clientIds, 'ON CONFLICT DO NOTHING')
      await insertRows(db, 'deletion_marks (document_id, client_id, clock, len, member_id)', deletions)
    })
  }

  /**
   * One document's rows and insertion marks in one statement. Behind a
   * fence, the statement first locks the document's lease row (FOR SHARE,
   * as an owner taking it over updates that row): when the lease has
   * another generation now, it inserts nothing, and the append rejects.
   */
  private async appendAdditions(updates: unknown[][], insertions: unknown[][], fence: [string, LeaseFence] | null): Promise<void> {
    // Typed only where a SELECT reads the rows (behind a fence): VALUES straight into INSERT takes the columns' types.
    const stored = valuesClause(updates, 0, fence && ['text', 'bytea', 'text'])
    const marks = insertions.length === 0 ? null : valuesClause(insertions, stored.parameters.length, fence && ['text', 'bigint', 'bigint', 'bigint'])
    const parameters = [...stored.parameters, ...(marks?.parameters ?? [])]
    if (fence === null) {
      const insertRows = `INSERT INTO doc_updates (document_id, data, member_id) VALUES ${stored.sql}`
      await this.db.query(marks ? `WITH added AS (${insertRows}) INSERT INTO insertion_marks (document_id, client_id, clock, len) VALUES ${marks.sql}` : insertRows, parameters)
      return
    }
    const [documentId, { instanceId, generation }] = fence
    const at = parameters.length
    const fenced = 'WHERE EXISTS (SELECT 1 FROM fence)'
    const insertMarks = marks ? `, marked AS (INSERT INTO insertion_marks (document_id, client_id, clock, len) SELECT * FROM (VALUES ${marks.sql}) AS m ${fenced})` : ''
    const [held] = await this.db.query<{ held: number }>(
      `WITH fence AS (SELECT 1 FROM document_leases WHERE document_id = $${at + 1} AND instance_id = $${at + 2} AND generation = $${at + 3} FOR SHARE),
       added AS (INSERT INTO doc_updates (document_id, data, member_id) SELECT * FROM (VALUES ${stored.sql}) AS u ${fenced})${insertMarks}
       SELECT count(*)::int AS held FROM fence`,
      [...parameters, documentId, instanceId, generation],
    )
    if (!held?.held) throw leaseLost(documentId)
  }

  /**
   * Reads a document's snapshot and the updates after it in one statement,
   * so a compaction committing meanwhile cannot make the two disagree.
   */
  async load(documentId: string): Promise<StoredDocument> {
    const rows = await this.db.query<{ part: number; data: Uint8Array; folded: number }>(
      `SELECT 0 AS part, state AS data, 0::bigint AS seq, merged_updates AS folded FROM doc_snapshots WHERE document_id = $1
       UNION ALL
       SELECT 1 AS part, data, seq, 0::bigint AS folded FROM doc_updates WHERE document_id = $1
       ORDER BY part, seq`,
      [documentId],
    )
    const snapshot = rows[0]?.part === 0 ? rows[0] : null
    return { snapshot: snapshot?.data ?? null, updates: rows.filter((row) => row.part === 1).map((row) => row.data), foldedUpdates: Number(snapshot?.folded ?? 0) }
  }

  /**
   * Folds every update of `documentId` stored so far into its snapshot, with
   * a fold `startFold` begins: it is handed the old snapshot and the updates
   * in order, a page at a time as they are read, and gives the new state.
   * One transaction writes the new snapshot and deletes exactly the rows it
   * read; updates appended meanwhile stay in the log. Compactions of one
   * document take turns (a row lock on the document). Behind `fence`, only
   * while the lease is still that one. Resolves to the number of update
   * rows folded in.
   */
  async compact(documentId: string, startFold: () => Fold, fence?: LeaseFence): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (fence) await holdFences(tx, new Map([[documentId, fence]]))
      // NO KEY UPDATE serialises compactions without blocking appends,
      // whose foreign-key check only needs KEY SHARE on the same row.
      await tx.query('SELECT id FROM documents WHERE id = $1 FOR NO KEY UPDATE', [documentId])
      const [snapshot] = await tx.query<{ state: Uint8Array; upto_seq: number; merged_updates: number }>(
        'SELECT state, upto_seq, merged_updates FROM doc_snapshots WHERE document_id = $1',
        [documentId],
      )
      // Through a cursor, a page at a time, each page handed to the fold as it comes: the driver parses a result as
      // one piece of work, so a long log read at once held the event loop for as long as that took (~60 ms for
      // 100,000 rows), and so did handing all its rows over at the end. The cursor reads the log as it stood when it
      // was declared; a row committed after that stays in the log, unread and undeleted, for the next compaction.
      await tx.query('DECLARE compacted_rows NO SCROLL CURSOR FOR SELECT seq, data FROM doc_updates WHERE document_id = $1 ORDER BY seq', [documentId])
      const fold = startFold()
      try {
        if (snapshot) fold.add([snapshot.state])
        let rows = 0
        let uptoSeq = snapshot?.upto_seq ?? 0
        // The folded rows' seqs (rows committed meanwhile may hold lower ones), as pieces of one array literal:
        // the driver's own conversion of a long array holds the event loop for tens of milliseconds.
        const seqs: string[] = []
        for (;;) {
          const page = await tx.query<{ seq: number; data: Uint8Array }>(`FETCH ${compactionPageRows} FROM compacted_rows`)
          if (page.length > 0) {
            fold.add(page.map((row) => row.data))
            seqs.push(page.map((row) => row.seq).join(','))
            rows += page.length
            uptoSeq = Math.max(uptoSeq, page[page.length - 1]!.seq)
          }
          if (page.length < compactionPageRows) break
        }
        if (rows === 0) {
          fold.cancel()
          return 0
        }
        const state = await fold.result()
        await tx.query(
          `INSERT INTO doc_snapshots (document_id, state, upto_seq, merged_updates, updated_at)
           VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (document_id) DO UPDATE
             SET state = EXCLUDED.state, upto_seq = EXCLUDED.upto_seq,
                 merged_updates = EXCLUDED.merged_updates, updated_at = EXCLUDED.updated_at`,
          [documentId, state, uptoSeq, (snapshot?.merged_updates ?? 0) + rows],
        )
        await tx.query('DELETE FROM doc_updates WHERE document_id = $1 AND seq = ANY($2::bigint[])', [documentId, `{${seqs.join(',')}}`])
        return rows
      } catch (error) {
        fold.cancel()
        throw error
      }
    })
  }
}

/** Each fenced document of `entries` and the fence its entries carry (one per document: a batch is one owner's). */
function fencesOf(entries: readonly UpdateEntry[]): Map<string, LeaseFence> {
  const fences = new Map<string, LeaseFence>()
  for (const entry of entries) if (entry.fence) fences.set(entry.documentId, entry.fence)
  return fences
}

/**
 * Locks the lease rows `fences` name, for the transaction, as long as they
 * still carry those generations (FOR SHARE: an owner taking one over waits
 * for the transaction); rejects with `leaseLost` for a document whose lease
 * was taken over, and the transaction stores nothing.
 */
async function holdFences(db: Queryable, fences: ReadonlyMap<string, LeaseFence>): Promise<void> {
  if (fences.size === 0) return
  const documents = [...fences.keys()]
  const held = await db.query<{ document_id: string }>(
    `SELECT document_id FROM document_leases
     WHERE (document_id, instance_id, generation) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))
     FOR SHARE`,
    [documents, documents.map((id) => fences.get(id)!.instanceId), documents.map((id) => fences.get(id)!.generation)],
  )
  const heldIds = new Set(held.map((row) => row.document_id))
  const lost = documents.find((id) => !heldIds.has(id))
  if (lost !== undefined) throw leaseLost(lost)
}

/** Postgres takes at most 65,535 parameters in one statement. */
const maxParameters = 60_000

/** Inserts `rows` into `target` ("table (columns)") with as few parameterised statements as the parameter limit allows. */
async function insertRows(db: Queryable, target: string, rows: readonly unknown[][], suffix = ''): Promise<void> {
  if (rows.length === 0) return
  const width = rows[0]!.length
  const perStatement = Math.floor(maxParameters / width)
  for (let start = 0; start < rows.length; start += perStatement) {
    const { sql, parameters } = valuesClause(rows.slice(start, start + perStatement), 0)
    await db.query(`INSERT INTO ${target} VALUES ${sql} ${suffix}`, parameters)
  }
}

/** "($1, $2), ($3, $4)…" for `rows`, numbered from `offset` + 1, and the parameters in order. */
function valuesClause(rows: readonly unknown[][], offset: number, types?: readonly string[] | null): { sql: string; parameters: unknown[] } {
  const width = rows[0]!.length
  const cast = (column: number) => (types ? `::${types[column]}` : '')
  const sql = rows.map((_, row) => `(${Array.from({ length: width }, (_, column) => `$${offset + row * width + column + 1}${cast(column)}`).join(', ')})`).join(', ')
  return { sql, parameters: rows.flat() }
}
