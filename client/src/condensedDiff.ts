/**
 * A word diff cut down to its changes: the unchanged text between them
 * keeps a few words on each side of every change, the rest an ellipsis, so
 * a stale clause shows what changed in the working text, not the whole
 * clause again.
 */

import type { DiffRun } from '../../server/vocabulary/views.js'

/** Whether `runs` insert or delete anything. */
export const changesAnything = (runs: readonly DiffRun[]): boolean => runs.some((run) => run.op !== 'equal')

/**
 * `runs` with each unchanged run longer than it needs to be shortened to
 * about `context` characters after the change before it and before the
 * change after it, cut at spaces where there are some, joined by "…".
 */
export function condenseRuns(runs: readonly DiffRun[], context = 40): DiffRun[] {
  return runs.map((run, index) => {
    if (run.op !== 'equal') return run
    const keepHead = index === 0 ? 0 : context
    const keepTail = index === runs.length - 1 ? 0 : context
    if (run.text.length <= keepHead + keepTail + 1) return run
    return { ...run, text: `${headOf(run.text, keepHead)}…${tailOf(run.text, keepTail)}` }
  })
}

/** About the first `length` characters of `text`, ending at a space when one is near. */
function headOf(text: string, length: number): string {
  if (length === 0) return ''
  const cut = text.slice(0, length)
  const space = cut.search(/\s\S*$/)
  return space > length / 2 ? cut.slice(0, space + 1) : cut
}

/** About the last `length` characters of `text`, starting after a space when one is near. */
function tailOf(text: string, length: number): string {
  if (length === 0) return ''
  const cut = text.slice(-length)
  const space = cut.search(/\s/)
  return space >= 0 && space < length / 2 ? cut.slice(space) : cut
}
