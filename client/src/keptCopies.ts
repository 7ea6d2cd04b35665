/**
 * What this browser keeps of Counterpart, by name: one local copy of a
 * document per member (an IndexedDB database each, `localCopy.ts`), and
 * the application shell the service worker caches (`serviceWorker.ts`).
 * Signing out removes all of it (`forgetKeptCopies`). Nothing here loads
 * Yjs, so the sign-in page can import it.
 */

const prefix = 'counterpart-copy:'

/** The IndexedDB database of `memberId`'s copy of document `documentId`: two people on one browser never share one. */
export function localCopyName(documentId: string, memberId: string): string {
  return `${prefix}${encodeURIComponent(documentId)}:${encodeURIComponent(memberId)}`
}

/** The document and member a database name is the local copy of, or null for any other name. */
export function parseLocalCopyName(name: string): { documentId: string; memberId: string } | null {
  if (!name.startsWith(prefix)) return null
  const parts = name.slice(prefix.length).split(':')
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return null
  try {
    return { documentId: decodeURIComponent(parts[0]!), memberId: decodeURIComponent(parts[1]!) }
  } catch {
    return null
  }
}

/** The names of the local copies this browser keeps (of document `documentId` only, when given). */
export async function localCopyNames(documentId?: string): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return []
  const databases = await indexedDB.databases()
  return databases.flatMap(({ name }) => {
    const copy = name === undefined ? null : parseLocalCopyName(name)
    return copy && (documentId === undefined || copy.documentId === documentId) ? [name!] : []
  })
}

/** Deletes database `name`; an open page holding it closes it when asked (y-indexeddb does), so this does not wait on it. */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error ?? new Error(`the local copy ${name} could not be deleted`))
  })
}

/**
 * Removes everything this browser keeps of Counterpart: every local copy
 * (whoever's, with whatever changes were not sent) and the service
 * worker's caches (the shell and its assets; it caches nothing else).
 * Called at sign-out.
 */
export async function forgetKeptCopies(): Promise<void> {
  await Promise.all((await localCopyNames()).map(deleteDatabase))
  if (typeof caches !== 'undefined') await Promise.all((await caches.keys()).map((name) => caches.delete(name)))
}
