/**
 * The panels beside the text as drawers, where the screen is too narrow to
 * show them beside it: each opens from a button in the header, over the
 * text (which keeps its layout behind), one at a time. Opening one moves
 * the focus into it; Escape or its button closes it and gives the focus
 * back to the button; going back to the text (a click in it, or the caret
 * put there from a panel) closes it too.
 *
 * Whether a panel is a drawer is the style sheet's decision: it is one
 * exactly when its button is shown. On a wide screen the buttons are
 * hidden and nothing here changes what the member sees.
 */

import { h } from '../dom.js'

/** What can take the focus in a drawer; the selected tab is preferred. */
const focusable = 'button, select, input, textarea, a[href], [tabindex]:not([tabindex="-1"])'

interface Drawer {
  name: string
  panel: HTMLElement
  toggle: HTMLButtonElement
}

export class Drawers {
  private readonly drawers: Drawer[] = []

  /**
   * Drawers over `text` in `layout`, whose `data-drawer` attribute names the
   * open drawer for the style sheet.
   */
  constructor(
    private readonly layout: HTMLElement,
    text: HTMLElement,
  ) {
    text.addEventListener('focusin', () => this.close(false))
    text.addEventListener('pointerdown', () => this.close(false))
  }

  /** The drawer `name` holding `panel`; returns the header button (labelled `label`) that opens and closes it. */
  add(name: string, panel: HTMLElement, label: string): HTMLButtonElement {
    panel.id ||= `${name}-drawer`
    const toggle = h('button', { type: 'button', class: 'drawer-toggle', 'data-drawer': name, 'aria-controls': panel.id, 'aria-expanded': 'false' }, label)
    const drawer = { name, panel, toggle }
    toggle.addEventListener('click', () => (this.open === drawer ? this.close(true) : this.show(drawer)))
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || this.open !== drawer) return
      event.preventDefault()
      this.close(true)
    }
    panel.addEventListener('keydown', escape)
    toggle.addEventListener('keydown', escape)
    this.drawers.push(drawer)
    return toggle
  }

  /** The drawer open, if any. */
  private get open(): Drawer | null {
    return this.drawers.find((drawer) => drawer.name === this.layout.dataset.drawer) ?? null
  }

  private show(drawer: Drawer): void {
    this.close(false)
    this.layout.dataset.drawer = drawer.name
    drawer.toggle.setAttribute('aria-expanded', 'true')
    const candidates = [...drawer.panel.querySelectorAll<HTMLElement>(focusable)].filter(laidOut)
    const target = candidates.find((element) => element.getAttribute('aria-selected') === 'true') ?? candidates[0]
    if (target) target.focus()
    else {
      drawer.panel.tabIndex = -1
      drawer.panel.focus()
    }
  }

  /** Closes the open drawer, giving the focus back to its button when `returnFocus` (and the button is shown). */
  private close(returnFocus: boolean): void {
    const drawer = this.open
    if (!drawer) return
    delete this.layout.dataset.drawer
    drawer.toggle.setAttribute('aria-expanded', 'false')
    if (returnFocus && laidOut(drawer.toggle)) drawer.toggle.focus()
  }
}

/** Whether `element` has a box (neither it nor an ancestor is `display: none`); `checkVisibility` says the same, in fewer browsers. */
const laidOut = (element: Element) => element.getClientRects().length > 0
