import { describe, expect, it } from 'vitest'
import { PieceCache } from '../../../server/export/bodyPieces.js'
import type { DeflatedPiece } from '../../../server/export/zipArchive.js'

/** A kept piece of `bytes` deflated bytes (what the cache counts). */
const pieceOf = (bytes: number): DeflatedPiece => ({ compressed: new Uint8Array(bytes), checksum: 0, size: bytes })

describe('the cache of rendered pieces', () => {
  it('holds at most its bound in deflated bytes, letting the least recently used go first', () => {
    const cache = new PieceCache(100)
    cache.set('a', pieceOf(40))
    cache.set('b', pieceOf(40))
    expect(cache.get('a')).toBeDefined() // a is now the more recently used
    cache.set('c', pieceOf(40))
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true])
    expect(cache.size).toBe(2)
  })

  it('keeps no piece bigger than its bound, and counts a piece kept again once', () => {
    const cache = new PieceCache(100)
    cache.set('huge', pieceOf(101))
    expect(cache.get('huge')).toBeUndefined()
    cache.set('a', pieceOf(60))
    cache.set('a', pieceOf(60))
    cache.set('b', pieceOf(40))
    expect([cache.get('a'), cache.get('b')].map(Boolean)).toEqual([true, true])
  })
})
