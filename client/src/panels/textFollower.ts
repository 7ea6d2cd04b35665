/**
 * What a panel that reads something the text's negotiation moves (the
 * signing desk's checklist, a round's changes) does as the text changes:
 * told the negotiation's state after each change (`signature`: statuses,
 * agreements, brackets), it reads again when that state moved while the
 * panel is in view, once the changes settle — never for the first state
 * it is told, which the panel read as it opened.
 */

/** How long the text must stay still before the panel reads again. */
const settleMs = 400

export class TextFollower {
  private signature = ''
  private pending: ReturnType<typeof setTimeout> | null = null

  /** `panel` gives the panel's element (read again only while it is in the page and not hidden); `refresh` reads it again. */
  constructor(
    private readonly panel: () => HTMLElement,
    private readonly refresh: () => Promise<void>,
  ) {}

  /** The negotiation's state after a change of the text. */
  textChanged(signature: string): void {
    if (signature === this.signature) return
    const first = this.signature === ''
    this.signature = signature
    if (first || !this.isShown()) return
    if (this.pending) clearTimeout(this.pending)
    this.pending = setTimeout(() => {
      this.pending = null
      void this.refresh()
    }, settleMs)
  }

  private isShown(): boolean {
    const element = this.panel()
    return element.isConnected && element.closest('[hidden]') === null
  }
}
