/**
 * The text the server draws into the editor's page for a member who may
 * read it (`server/services/firstText.ts`): readable before the page's
 * script has run, where the editor will stand. It stays, with the editor
 * hidden beside it, until the editor holds the text (from the local copy or
 * the server), then the editor takes its place in the same task, so no
 * frame shows both or neither. It is not editable and carries no
 * decorations of the negotiation (locks, comments, party colours): it is the
 * text as it stood when the page was sent.
 */

/** The text the server drew into `root` (the page's app element), or null. */
export function drawnText(root: HTMLElement): HTMLElement | null {
  return root.querySelector<HTMLElement>(':scope > .first-text')
}

/** Puts `drawn` (if any) in `editor`'s place, `editor` hidden, until `arrived`; then the editor alone. */
export function standIn(drawn: HTMLElement | null, editor: HTMLElement, arrived: Promise<void>): void {
  if (drawn === null) return
  editor.before(drawn)
  editor.hidden = true
  void arrived.then(() => {
    drawn.remove()
    editor.hidden = false
  })
}
