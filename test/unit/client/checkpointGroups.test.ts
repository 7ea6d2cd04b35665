import { describe, expect, it } from 'vitest'
import { checkpointsSummary, revisionRows, type RevisionRow } from '../../../client/src/checkpointGroups.js'

/** A revision: `n` automatic ("a") or named ("n"), made at `time` on 5 Dec 2026 (UTC). */
const revision = (kind: 'a' | 'n', seq: number, time = '14:00') => ({ seq, auto: kind === 'a', createdAt: `2026-12-05T${time}:00Z` })

/** A list of revisions written as a string, newest first: "nnaaan" → seqs counting down. */
const listOf = (kinds: string) => [...kinds].map((kind, index) => revision(kind as 'a' | 'n', kinds.length - index))

/** Rows as a string: a named revision by its seq, a folded run as [seqs]. */
const shape = (rows: RevisionRow<{ seq: number }>[]) => rows.map((row) => (row.kind === 'revision' ? String(row.revision.seq) : `[${row.revisions.map((r) => r.seq).join(' ')}]`)).join(' ')

describe('the revisions list, automatic checkpoints folded', () => {
  it('folds each run of consecutive checkpoints into one row, a run of one too, and leaves every named revision on its own', () => {
    expect(shape(revisionRows(listOf('naaaanan'), true))).toBe('8 [7 6 5 4] 3 [2] 1')
    expect(shape(revisionRows(listOf('aann'), true))).toBe('[4 3] 2 1')
    expect(shape(revisionRows([], true))).toBe('')
  })

  it('shows every revision on its own when checkpoints are not folded', () => {
    expect(shape(revisionRows(listOf('naaaanan'), false))).toBe('8 7 6 5 4 3 2 1')
  })

  it('keeps every revision, in order, whatever it folds', () => {
    const revisions = listOf('anaanaaa')
    const rows = revisionRows(revisions, true)
    expect(rows.flatMap((row) => (row.kind === 'revision' ? [row.revision] : row.revisions))).toEqual(revisions)
  })
})

describe('a folded row', () => {
  it('says how many checkpoints it holds and from when to when, the day once when they share it', () => {
    const run = [revision('a', 4, '14:06'), revision('a', 3, '14:04'), revision('a', 2, '14:03'), revision('a', 1, '14:02')]
    expect(checkpointsSummary(run, 'UTC')).toBe('4 automatic checkpoints, 5 Dec 2026, 14:02–14:06')
    expect(checkpointsSummary([revision('a', 1, '09:30')], 'UTC')).toBe('1 automatic checkpoint, 5 Dec 2026, 09:30')
    expect(checkpointsSummary([revision('a', 2, '09:30'), revision('a', 1, '09:30')], 'UTC')).toBe('2 automatic checkpoints, 5 Dec 2026, 09:30')
  })

  it('writes both days when the run crosses midnight where the reader is', () => {
    const run = [revision('a', 2, '18:30'), revision('a', 1, '16:30')]
    expect(checkpointsSummary(run, 'UTC')).toBe('2 automatic checkpoints, 5 Dec 2026, 16:30–18:30')
    // In Bangkok (UTC+7) the same two fall on the 5th and the 6th.
    expect(checkpointsSummary(run, 'Asia/Bangkok')).toBe('2 automatic checkpoints, 5 Dec 2026, 23:30 – 6 Dec 2026, 01:30')
  })
})
