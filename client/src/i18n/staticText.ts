/**
 * The words written into a page's markup, in the reader's language: an
 * element marked `data-i18n="key"` gets the message as its content (tags
 * in it — `<code>`, `<strong>`, `<em>`, and `<link>` for the element's own
 * first link, which keeps its address — become elements), and
 * `data-i18n-aria-label`, `data-i18n-placeholder`, `data-i18n-title` give
 * those attributes. Running it again (the account's language arrived)
 * writes them anew.
 */

import { richText, t, type MessageKey } from './translator.js'

/** The links the markup put inside translated elements, kept for when they are written again. */
const links = new WeakMap<Element, HTMLAnchorElement>()

const attributes = ['aria-label', 'placeholder', 'title'] as const

/** Writes every marked element and attribute under `root` in the interface's language. */
export function translateStatic(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as MessageKey
    if (!links.has(element)) {
      const link = element.querySelector('a')
      if (link) links.set(element, link)
    }
    const link = links.get(element)
    const wrap = (tag: 'code' | 'strong' | 'em') => (chunks: (string | Node)[]) => {
      const made = document.createElement(tag)
      made.append(...chunks)
      return made
    }
    element.replaceChildren(
      ...richText(key, {}, {
        code: wrap('code'),
        strong: wrap('strong'),
        em: wrap('em'),
        link: (chunks) => {
          const made = link ? (link.cloneNode(false) as HTMLAnchorElement) : document.createElement('a')
          made.append(...chunks)
          return made
        },
      }),
    )
  }
  for (const attribute of attributes) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`) as MessageKey))
    }
  }
}
