/**
 * "Skip to the text": the page's first focusable element, shown when it
 * has the focus, that moves the focus past the header and the outline into
 * the text — into the editor the member reads (the caret where it was),
 * or, where the text cannot be edited, onto the text itself so a screen
 * reader reads on from there.
 */

import { h } from '../dom.js'

/** The link to `text`, which must have an id. */
export function skipLink(text: HTMLElement, label: string): HTMLAnchorElement {
  return h(
    'a',
    {
      class: 'skip-link',
      href: `#${text.id}`,
      onclick: (event: Event) => {
        event.preventDefault()
        const editor = [...text.querySelectorAll<HTMLElement>('[contenteditable="true"]')].find((element) => element.getClientRects().length > 0)
        if (editor) {
          editor.focus()
          return
        }
        text.tabIndex = -1
        text.focus()
      },
    },
    label,
  )
}
