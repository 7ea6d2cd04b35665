import { describe, expect, it } from 'vitest'
import { changesAnything, condenseRuns } from '../../../client/src/condensedDiff.js'
import type { DiffRun } from '../../../server/vocabulary/views.js'

const equal = (text: string): DiffRun => ({ op: 'equal', text })
const insert = (text: string): DiffRun => ({ op: 'insert', text, author: { memberId: 'm2', name: 'Lok Sokha', party: 'KH' } })
const remove = (text: string): DiffRun => ({ op: 'delete', text })
const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ')
const text = (runs: DiffRun[]) => runs.map((run) => (run.op === 'equal' ? run.text : run.op === 'insert' ? `{+${run.text}}` : `{-${run.text}}`)).join('')

describe('a stale clause’s change, condensed', () => {
  it('keeps every change whole, and a few words of unchanged text on each side of it', () => {
    const runs = [equal(`${words(30)} `), remove('thirty'), insert('sixty'), equal(` ${words(30, 100)}`)]
    expect(text(condenseRuns(runs, 20))).toBe('… word28 word29 {-thirty}{+sixty} word100 word101 …')
  })

  it('shortens the unchanged text between two changes in its middle only', () => {
    const runs = [insert('Promptly, '), equal(`${words(40)} `), insert('in writing')]
    expect(text(condenseRuns(runs, 20))).toBe('{+Promptly, }word0 word1 word2 … word38 word39 {+in writing}')
  })

  it('leaves short unchanged text alone, and keeps the authors', () => {
    const runs = [equal('Answers come within '), remove('30'), insert('60'), equal(' days.')]
    expect(condenseRuns(runs)).toEqual(runs)
    expect(condenseRuns(runs)[2]!.author?.party).toBe('KH')
  })

  it('tells a change from none', () => {
    expect([changesAnything([equal('same')]), changesAnything([equal('a'), insert('b')])]).toEqual([false, true])
  })
})
