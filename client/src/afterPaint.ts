/**
 * Work put off until the page has shown what changed: a keystroke is
 * painted first, and what follows from it (the panels beside the text, the
 * local copy's writes) runs in the task after that frame.
 */

/** How long work waits for a frame that does not come: a hidden page draws none. */
const hiddenPageDelayMs = 100

/** Resolves once the next frame has been rendered: a task posted from its animation-frame callback. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
}

/** The browser's task scheduler, where it has one (Chromium; not every browser yet). */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<void>
}

/**
 * Posts `run` as background work: after the tasks already waiting (input,
 * the connection's messages), where the browser can tell them apart.
 */
function inBackground(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler
  if (scheduler) void scheduler.postTask(run, { priority: 'background' })
  else setTimeout(run, 0)
}

/** Posts `run` as an ordinary task, in turn with the rest. */
const inTurn = (run: () => void) => void setTimeout(run, 0)

/**
 * A function that calls `run` once after the next frame, however often it
 * is called before then — as background work, or `inTurn` (as an ordinary
 * task, for work that should not wait behind the rest); in a hidden page,
 * a moment later.
 */
export function oncePerFrame(run: () => void, { inTurn: ordinary = false }: { inTurn?: boolean } = {}): () => void {
  const post = ordinary ? inTurn : inBackground
  let scheduled = false
  const once = () => {
    if (!scheduled) return
    scheduled = false
    run()
  }
  return () => {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(() => post(once))
    setTimeout(once, hiddenPageDelayMs)
  }
}
