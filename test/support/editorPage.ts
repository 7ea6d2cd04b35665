/**
 * Reading the editor's text in a member's page (Chromium): the clauses as
 * the page shows them, without the other members' cursors.
 */

import type { Locator, Page } from 'playwright-core'

/** The n-th clause's first body paragraph. */
export const clauseParagraph = (page: Page, clause: number): Locator => page.locator('.mou-document section.clause').nth(clause).locator('p').first()

/** Its text as typed, without the other members' cursor labels. */
export const paragraphText = (page: Page, clause: number): Promise<string> =>
  clauseParagraph(page, clause).evaluate((element) => {
    const copy = element.cloneNode(true) as typeof element
    copy.querySelectorAll('.remote-cursor').forEach((cursor: { remove(): void }) => cursor.remove())
    return copy.textContent ?? ''
  })
