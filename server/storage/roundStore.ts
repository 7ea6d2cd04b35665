/**
 * Rounds (migration 0017): planned, listed, opened and closed once each,
 * and a party's attendance replaced.
 */

import type { Database } from './database.js'
import type { AgendaItem, Attendee, RoundRecord } from '../vocabulary/round.js'

interface RoundRow {
  document_id: string
  number: number
  title: string
  place: string
  start_date: string
  end_date: string
  attendance: Attendee[] | string
  agenda: AgendaItem[] | string
  created_by: string | null
  created_at: Date
  opened_at: Date | null
  opened_revision: number | null
  closed_at: Date | null
  closed_revision: number | null
}

/** A round as planned: everything but its number (the next free one) and its opening and closing. */
export type NewRound = Pick<RoundRecord, 'documentId' | 'title' | 'place' | 'startDate' | 'endDate' | 'attendance' | 'agenda' | 'createdBy'>

/** PostgreSQL's unique_violation. */
const uniqueViolation = '23505'

export class RoundStore {
  constructor(private readonly db: Database) {}

  /** Plans `round` as the document's next round (numbers from 1; two planned at once get two numbers). */
  async create(round: NewRound): Promise<RoundRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.db.query<RoundRow>(
          `INSERT INTO rounds (document_id, number, title, place, start_date, end_date, attendance, agenda, created_by)
           SELECT $1, COALESCE(max(number), 0) + 1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8 FROM rounds WHERE document_id = $1
           RETURNING *`,
          [round.documentId, round.title, round.place, round.startDate, round.endDate, JSON.stringify(round.attendance), JSON.stringify(round.agenda), round.createdBy],
        )
        return toRecord(row!)
      } catch (error) {
        if (attempt < 5 && (error as { code?: string }).code === uniqueViolation) continue
        throw error
      }
    }
  }

  /** A document's rounds, by number. */
  async list(documentId: string): Promise<RoundRecord[]> {
    return (await this.db.query<RoundRow>('SELECT * FROM rounds WHERE document_id = $1 ORDER BY number', [documentId])).map(toRecord)
  }

  async get(documentId: string, number: number): Promise<RoundRecord | null> {
    const [row] = await this.db.query<RoundRow>('SELECT * FROM rounds WHERE document_id = $1 AND number = $2', [documentId, number])
    return row ? toRecord(row) : null
  }

  /** The document's open round, if any. */
  async open(documentId: string): Promise<RoundRecord | null> {
    const [row] = await this.db.query<RoundRow>('SELECT * FROM rounds WHERE document_id = $1 AND opened_at IS NOT NULL AND closed_at IS NULL', [documentId])
    return row ? toRecord(row) : null
  }

  /**
   * Marks a planned round opened with `revision`; null when it is not
   * planned any more, 'another open' while another round of the document
   * is open (the unique index on open rounds refused it).
   */
  async markOpened(documentId: string, number: number, revision: number, at: Date): Promise<RoundRecord | 'another open' | null> {
    try {
      const [row] = await this.db.query<RoundRow>(
        'UPDATE rounds SET opened_at = $3, opened_revision = $4 WHERE document_id = $1 AND number = $2 AND opened_at IS NULL RETURNING *',
        [documentId, number, at, revision],
      )
      return row ? toRecord(row) : null
    } catch (error) {
      if ((error as { code?: string }).code === uniqueViolation) return 'another open'
      throw error
    }
  }

  /** Marks an open round closed with `revision`; null when it is not open. */
  async markClosed(documentId: string, number: number, revision: number, at: Date): Promise<RoundRecord | null> {
    const [row] = await this.db.query<RoundRow>(
      'UPDATE rounds SET closed_at = $3, closed_revision = $4 WHERE document_id = $1 AND number = $2 AND opened_at IS NOT NULL AND closed_at IS NULL RETURNING *',
      [documentId, number, at, revision],
    )
    return row ? toRecord(row) : null
  }

  /** Replaces `party`'s attendees of a round with `attendees` (the other party's stay, before them); null when there is no such round. */
  async replaceAttendance(documentId: string, number: number, party: string, attendees: readonly Attendee[]): Promise<RoundRecord | null> {
    const [row] = await this.db.query<RoundRow>(
      `UPDATE rounds SET attendance = COALESCE((SELECT jsonb_agg(entry ORDER BY position) FROM jsonb_array_elements(attendance) WITH ORDINALITY AS kept(entry, position) WHERE entry->>'party' <> $3), '[]'::jsonb) || $4::jsonb
       WHERE document_id = $1 AND number = $2 RETURNING *`,
      [documentId, number, party, JSON.stringify(attendees)],
    )
    return row ? toRecord(row) : null
  }
}

function toRecord(row: RoundRow): RoundRecord {
  const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
  return {
    documentId: row.document_id,
    number: Number(row.number),
    title: row.title,
    place: row.place,
    startDate: row.start_date,
    endDate: row.end_date,
    attendance: json(row.attendance),
    agenda: json(row.agenda),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    openedAt: row.opened_at ? new Date(row.opened_at) : null,
    openedRevision: row.opened_revision === null ? null : Number(row.opened_revision),
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    closedRevision: row.closed_revision === null ? null : Number(row.closed_revision),
  }
}
