/**
 * The service worker, built to `/sw.js` (scope `/`, `client/vite.config.ts`)
 * and registered by the editor (`appShell.ts`): it keeps the editor's
 * application shell so that `/d/<id>` opens when the server cannot be
 * reached, and the page then opens from its local copy.
 *
 * - A navigation to `/d/<id>`: the network first; the page the server
 *   sends without a document's text (the shell, the same for every
 *   document: no data, no secret; marked `Counterpart-Shell: blank`) is
 *   kept, and served when the network fails. A page carrying a member's
 *   text is never kept.
 * - `/assets/*` (hashed names, never changed): the cache first, else the
 *   network, kept.
 * - Everything else, the API above all, passes by untouched: no answer
 *   that carries a member's data is ever cached.
 *
 * At install it fetches the shell and the assets it names, so that one
 * online visit is enough; when a new shell arrives, the assets it no
 * longer names are dropped. It imports nothing, so the build emits it as
 * one plain script.
 */

/** The service worker's global scope, as far as it is used here (the page's DOM types lack it). */
interface WorkerScope {
  readonly location: Location
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}

const worker = self as unknown as WorkerScope
const cacheName = 'counterpart-shell-v1'
/** Where the shell is fetched at install, and the key it is kept under: the server answers any `/d/<id>` with it. */
const shellPath = '/d/offline'
const editorPath = /^\/d\/[^/]+$/
/** The header that marks the server's page as the shell, carrying no document's text (`server/http/clientApp.ts`). */
const shellHeader = 'Counterpart-Shell'
const assetPath = /^\/assets\/[^/]+$/

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(shellPath, { credentials: 'omit', cache: 'no-store' })
      if (!response.ok) throw new Error(`the shell answered ${response.status}`)
      await keepShell(await caches.open(cacheName), response, { fetchAssets: true })
      await worker.skipWaiting()
    })(),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== cacheName) await caches.delete(name)
      await worker.clients.claim()
    })(),
  )
})

worker.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== worker.location.origin) return
  if (request.mode === 'navigate' && editorPath.test(url.pathname)) event.respondWith(shell(request))
  else if (assetPath.test(url.pathname)) event.respondWith(asset(request))
})

/** The network's page, kept; the kept one when the network fails (or answers with an error). */
async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(cacheName)
  let response: Response
  try {
    response = await fetch(request)
  } catch (error) {
    const kept = await cache.match(shellPath)
    if (kept) return kept
    throw error
  }
  // Only the shell: a page carrying a member's text (the server draws it in for a member who may read it) is never kept.
  if (response.ok && response.headers.get(shellHeader) === 'blank') await keepShell(cache, response.clone(), { fetchAssets: false })
  else if (response.status >= 500) return (await cache.match(shellPath)) ?? response
  return response
}

/** The kept copy of a hashed asset, or the network's, kept. */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(cacheName)
  // Vary: Accept-Encoding is the server's; the body kept is already decoded.
  const kept = await cache.match(request, { ignoreVary: true })
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

/** Keeps `response` as the shell and drops the assets it no longer names; fetches those it names at install. */
async function keepShell(cache: Cache, response: Response, { fetchAssets }: { fetchAssets: boolean }): Promise<void> {
  const named = new Set([...(await response.clone().text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => new URL(match[1]!, worker.location.origin).href))
  await cache.put(shellPath, response)
  for (const request of await cache.keys()) {
    const { pathname } = new URL(request.url)
    if (assetPath.test(pathname) && !named.has(request.url)) await cache.delete(request)
  }
  if (fetchAssets) await cache.addAll([...named])
}
