/**
 * How the editor's guards (locks, brackets, a translation's structure)
 * explain a change they stopped: once per burst of keystrokes, and never
 * while a state is being applied.
 */

/** How long after an explanation the next refusal goes unexplained. */
const burstMs = 3000

/**
 * A function that passes `message()` to `explain` on the next task, unless
 * it did so less than three seconds ago (the message is only built then).
 */
export function refusalExplainer(explain: (message: string) => void): (message: () => string) => void {
  let lastExplained = 0
  return (message) => {
    if (Date.now() - lastExplained <= burstMs) return
    lastExplained = Date.now()
    setTimeout(() => explain(message()))
  }
}
