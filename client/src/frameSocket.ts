/**
 * The collaboration socket the provider is given: what it sends while a
 * frame is being made — a keystroke's update, the caret's place — leaves
 * in the task after that frame is drawn, in the order it was sent, so the
 * keystroke is painted first (sending took about a millisecond of the
 * keystroke's task) and the other delegation has it at most a frame
 * later. Anything waiting goes at once when the socket is closed or the
 * page is left (`flush`).
 */

import { oncePerFrame } from './afterPaint.js'

type Sent = Parameters<WebSocket['send']>[0]

export class FrameSocket extends WebSocket {
  private readonly waiting: Sent[] = []
  private readonly sendSoon = oncePerFrame(() => this.flush(), { inTurn: true })

  override send(data: Sent): void {
    // Before the socket opens, or once it closes, the browser's own answer (the provider sends only when open).
    if (this.readyState !== WebSocket.OPEN) {
      super.send(data)
      return
    }
    this.waiting.push(data)
    this.sendSoon()
  }

  /** Sends what waits, now. */
  flush(): void {
    for (const data of this.waiting.splice(0)) if (this.readyState === WebSocket.OPEN) super.send(data)
  }

  override close(code?: number, reason?: string): void {
    this.flush()
    super.close(code, reason)
  }
}
