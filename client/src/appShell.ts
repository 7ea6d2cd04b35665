/**
 * The editor page asks the browser to keep its application shell: it
 * registers the service worker (`serviceWorker.ts`, served at `/sw.js`
 * for the whole origin), which keeps the page and its assets so that
 * `/d/<id>` opens when the server cannot be reached.
 */

/** Registers the service worker (where the browser has them); a refusal is only logged. */
export async function keepAppShell(): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' })
  } catch (error) {
    // The page works without it; it only will not open offline.
    console.warn('Counterpart could not register its service worker:', error)
  }
}
