/**
 * The handle on the left edge of the tools panel that widens it: dragged
 * with a pointer, or focused and moved with the arrow keys (← wider,
 * → narrower, Page Up/Down in larger steps, Home and End to the narrowest
 * and widest), as a window splitter is (WAI-ARIA `separator`, its value the
 * panel's width in pixels). The width chosen is kept in `storage` for the
 * next visit; the text keeps at least `textMin` pixels.
 */

import { h } from '../dom.js'

/** The custom property the style sheet sizes the tools column by. */
const property = '--tools-width'
const step = 16
const bigStep = 64

export interface ResizeHandleOptions {
  /** The element whose `--tools-width` is set (the layout grid). */
  layout: HTMLElement
  /** The panel resized. */
  panel: HTMLElement
  /** The text beside it, which gives and takes the room. */
  text: HTMLElement
  storage: Pick<Storage, 'getItem' | 'setItem'>
  key: string
  label: string
  /** The narrowest the panel may be, and the narrowest the text may be, in pixels. */
  min: number
  textMin: number
}

export class ResizeHandle {
  readonly element: HTMLElement

  constructor(private readonly options: ResizeHandleOptions) {
    this.element = h('div', { class: 'tools-handle', role: 'separator', tabindex: 0, 'aria-orientation': 'vertical', 'aria-label': options.label, 'aria-controls': options.panel.id || null })
    const kept = Number(readKept(options.storage, options.key))
    if (Number.isFinite(kept) && kept > 0) options.layout.style.setProperty(property, `${Math.round(kept)}px`)
    this.element.addEventListener('keydown', (event) => this.onKey(event))
    this.element.addEventListener('pointerdown', (event) => this.onPointerDown(event))
    // The value follows the panel whatever changes its width (the window, the texts shown).
    new ResizeObserver(() => this.describe()).observe(options.panel)
  }

  /** The panel's width now, in whole pixels. */
  private get width(): number {
    return Math.round(this.options.panel.getBoundingClientRect().width)
  }

  /** The widest the panel may be now: all the room the text has beyond its minimum. */
  private get max(): number {
    return Math.max(this.options.min, this.width + Math.round(this.options.text.getBoundingClientRect().width) - this.options.textMin)
  }

  private resize(width: number, keep: boolean): void {
    const clamped = Math.min(this.max, Math.max(this.options.min, Math.round(width)))
    this.options.layout.style.setProperty(property, `${clamped}px`)
    if (keep) keepWidth(this.options.storage, this.options.key, clamped)
    this.describe()
  }

  private describe(): void {
    const width = this.width
    if (width === 0) return // a drawer, closed: nothing to say
    this.element.setAttribute('aria-valuenow', String(width))
    this.element.setAttribute('aria-valuemin', String(this.options.min))
    this.element.setAttribute('aria-valuemax', String(this.max))
    this.element.setAttribute('aria-valuetext', `${width} pixels wide`)
  }

  private onKey(event: KeyboardEvent): void {
    const width = this.width
    const target: Record<string, number> = {
      ArrowLeft: width + step,
      ArrowRight: width - step,
      PageUp: width + bigStep,
      PageDown: width - bigStep,
      Home: this.options.min,
      End: this.max,
    }
    if (!(event.key in target)) return
    event.preventDefault()
    this.resize(target[event.key]!, true)
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return
    event.preventDefault()
    const startX = event.clientX
    const startWidth = this.width
    this.element.setPointerCapture(event.pointerId)
    this.element.classList.add('dragging')
    const move = (moved: PointerEvent) => this.resize(startWidth + startX - moved.clientX, false)
    const end = () => {
      this.element.removeEventListener('pointermove', move)
      this.element.removeEventListener('pointerup', end)
      this.element.removeEventListener('pointercancel', end)
      this.element.classList.remove('dragging')
      keepWidth(this.options.storage, this.options.key, this.width)
    }
    this.element.addEventListener('pointermove', move)
    this.element.addEventListener('pointerup', end)
    this.element.addEventListener('pointercancel', end)
  }
}

// Storage may be refused (a private window, a policy): the width is then kept for this page only.
function readKept(storage: Pick<Storage, 'getItem'>, key: string): string | null {
  try {
    return storage.getItem(key)
  } catch {
    return null
  }
}

function keepWidth(storage: Pick<Storage, 'setItem'>, key: string, width: number): void {
  try {
    storage.setItem(key, String(width))
  } catch {
    // kept for this page only
  }
}
