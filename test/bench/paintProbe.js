/**
 * What `timeToText.ts` measures inside the page, injected before the page's
 * own scripts (`addInitScript`), after a script that sets
 * `globalThis.__paintExpect = { clauses, lastClauseId }`. All times are
 * `performance.now()` of the page: milliseconds since navigation start.
 *
 * - Text shown: the first moment the page shows every clause, the last one
 *   (by id) with its text — in the text the server drew into the page
 *   (`.first-text`) or in the working text's editor (checked in a
 *   MutationObserver, so right after the DOM change, parsing included);
 *   then the next animation frame, and a task posted from that frame's rAF
 *   callback, which runs once the frame's style, layout and paint are
 *   done: "painted".
 * - Text in the editor: the same, for the working text's editor alone
 *   (the text can be edited).
 * - The collaboration socket: when the page made it, when it opened, and
 *   the messages that arrived before the text was in the DOM.
 * - Keystrokes (while `typing`): from the keydown's timeStamp to the first
 *   change of the editor's DOM after it, to the task after that change
 *   (every synchronous handler done: "handled"), and to the end of the next
 *   frame ("painted"), measured as for the text. Chromium's own Event
 *   Timing entries of 16 ms and more (input to next paint, 8 ms steps) are
 *   kept beside them.
 * - Long tasks (50 ms and more) on the page's main thread.
 */
;(() => {
  const expected = globalThis.__paintExpect
  const now = () => performance.now()
  /** Calls `done(end)` once the next frame has been rendered: a task posted from its rAF callback. */
  const afterNextPaint = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => done(now())
      channel.port2.postMessage(null)
    })
  const afterThisTask = (done) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => done(now())
    channel.port2.postMessage(null)
  }

  let textShown
  const probe = {
    textShownInDom: null,
    textShownPainted: null,
    textInDom: null,
    textPainted: null,
    textShown: new Promise((resolve) => (textShown = resolve)),
    socketCreated: null,
    socketOpened: null,
    messages: [],
    longTasks: [],
    typing: false,
    pending: null,
    keystrokes: [],
    slowKeyEvents: [],
    /** Resolves with true once `count` keystrokes have been painted, or false after `timeoutMs`. */
    keystrokesPainted(count, timeoutMs) {
      return new Promise((resolve) => {
        const started = now()
        const check = () => {
          if (probe.keystrokes.length >= count) resolve(true)
          else if (now() - started > timeoutMs) resolve(false)
          else setTimeout(check, 2)
        }
        check()
      })
    },
  }
  Object.defineProperty(globalThis, '__paintProbe', { value: probe })

  const NativeSocket = globalThis.WebSocket
  globalThis.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args)
      probe.socketCreated ??= now()
      // Added before the provider sets onmessage: heard before the message is handled.
      this.addEventListener('open', () => (probe.socketOpened ??= now()))
      this.addEventListener('message', (event) => {
        if (probe.textInDom === null) probe.messages.push({ at: now(), bytes: event.data.byteLength ?? event.data.length })
      })
    }
  }

  const workingText = () => document.querySelector('.mou-document[role="textbox"]:not([data-lang])')
  /** Whether `root` holds every clause, the last one (by id) with its text. */
  const holdsText = (root) => {
    const clauses = root?.querySelectorAll('section.clause') ?? []
    const last = clauses[clauses.length - 1]
    return clauses.length === expected.clauses && last.getAttribute('data-clause-id') === expected.lastClauseId && last.textContent.trim() !== ''
  }
  /** The text the server drew into the page, while it is in sight (the editor hidden beside it). */
  const drawnText = () => document.querySelector('.first-text')
  new MutationObserver((_records, observer) => {
    if (probe.textShownInDom === null && (holdsText(drawnText()) || holdsText(workingText()))) {
      probe.textShownInDom = now()
      afterNextPaint((end) => (probe.textShownPainted = end))
    }
    if (!holdsText(workingText())) return
    observer.disconnect()
    probe.textInDom = now()
    afterNextPaint((end) => {
      probe.textPainted = end
      textShown({ textInDom: probe.textInDom, textPainted: end })
    })
  }).observe(document, { childList: true, subtree: true, characterData: true })

  addEventListener(
    'keydown',
    (event) => {
      if (probe.typing) probe.pending = { key: event.timeStamp, changed: null, handled: null, painted: null }
    },
    true,
  )
  new MutationObserver((records) => {
    const pending = probe.pending
    const editor = workingText()
    if (pending === null || pending.changed !== null || !editor || !records.some((record) => editor.contains(record.target))) return
    pending.changed = now()
    afterThisTask((end) => (pending.handled = end))
    afterNextPaint((end) => {
      pending.painted = end
      probe.keystrokes.push(pending)
      probe.pending = null
    })
  }).observe(document, { childList: true, subtree: true, characterData: true })

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (probe.typing && (entry.name === 'keydown' || entry.name === 'keypress')) probe.slowKeyEvents.push({ name: entry.name, interactionId: entry.interactionId, duration: entry.duration })
      }
    }).observe({ type: 'event', durationThreshold: 16 })
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask' })
  } catch {
    // A browser without Event Timing or Long Tasks: those figures stay empty.
  }
})()
