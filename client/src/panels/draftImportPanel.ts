/**
 * Importing a draft into the document, for those who may edit it (the
 * secretariat, and the delegations' heads, delegates and legal staff): a
 * Word file or Akoma Ntoso picked from the computer is sent to
 * `POST …/import` and previewed — the texts it would write, every
 * paragraph of the file and where it went, what could not be mapped, the
 * tracked changes' authors — nothing changing yet; what becomes of tracked
 * changes is chosen (brackets, accept, reject) and, by the secretariat,
 * whose proposals they become: a file with tracked changes the secretariat
 * picks with no party named is not refused in the server's English but
 * answered, in the page's language, by the choice it needs (a party, or
 * accept or reject) and the changes' authors. "Apply" sends the same file
 * with `apply` and says the outcome: the revisions before and after. The
 * words are `draftImportReport.ts`'s. The new-negotiation page shows the
 * same panel for the negotiation it has just created, handed the file
 * picked on its form (`given`), previewed at once.
 */

import { ApiError, type Api } from '../api.js'
import type { ImportAppliedView, ImportPreviewView, TrackedChangeHandling } from '../../../server/vocabulary/draftImport.js'
import { trackedChangeHandlings } from '../../../server/vocabulary/draftImport.js'
import type { SessionView } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'
import { authorLines, changesLine, countsLine, importQuery, outcomeLine, paragraphLines, textHeading, unmappedLines, type ImportChoice } from '../draftImportReport.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import type { Notices } from './notices.js'

/** The files the picker offers: Word, and Akoma Ntoso as XML or a zip of expressions (the new-negotiation form's picker offers the same). */
export const draftFileTypes = '.docx,.xml,.akn,.zip,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/akn+xml,application/xml,application/zip'

/**
 * The panel's element; `onApplied` is told of each import applied (to show
 * the new revisions). A `given` file (picked elsewhere: the new-negotiation
 * form) is previewed at once, until another is picked here.
 */
export function draftImportPanel(
  api: Api,
  session: Pick<SessionView, 'kind' | 'member' | 'document'>,
  notices: Pick<Notices, 'show'>,
  onApplied: () => void = () => {},
  given: File | null = null,
): HTMLElement {
  const secretariat = session.member?.role === 'secretariat' || session.kind === 'admin'
  const picker = h('input', { type: 'file', class: 'import-file', accept: draftFileTypes, 'aria-label': t('import.file') })
  const changes = h('select', { class: 'import-changes', 'aria-label': t('import.changes') }, trackedChangeHandlings.map((handling) => h('option', { value: handling }, t('import.changesOption', { changes: handling }))))
  const party = secretariat
    ? h('select', { class: 'import-party', 'aria-label': t('import.party') }, h('option', { value: '' }, t('import.partyNone')), (session.document?.parties ?? []).map((one) => h('option', { value: one.code }, one.code)))
    : null
  const status = h('p', { class: 'import-status', role: 'status' })
  const report = h('div', { class: 'import-report' })
  const apply = h('button', { class: 'import-apply', hidden: true }, t('import.apply'))

  const choice = (applying: boolean): ImportChoice => ({ apply: applying, changes: changes.value as TrackedChangeHandling, party: party && party.value !== '' ? party.value : null })
  /** The file handed in, until the picker is used; shown in the picker where the browser lets a page set it. */
  let handed = given
  if (handed !== null) showIn(picker, handed)
  const file = () => picker.files?.[0] ?? handed
  /** The file as it was previewed: "Apply" sends exactly these bytes with the choices previewed. */
  let previewed: { file: File; choice: ImportChoice } | null = null
  /** Counts requests, so that a late answer to an older one never overwrites a newer one's. */
  let asked = 0

  async function preview(): Promise<void> {
    const chosen = file()
    previewed = null
    apply.hidden = true
    replaceChildren(report)
    if (chosen === null) return replaceChildren(status)
    const ask = ++asked
    const current = choice(false)
    party?.removeAttribute('aria-invalid')
    replaceChildren(status, t('import.reading', { file: chosen.name }))
    try {
      const answer = (await api.importDraft(chosen, importQuery(current))) as ImportPreviewView
      if (ask !== asked) return
      replaceChildren(status)
      showPreview(answer)
      previewed = { file: chosen, choice: current }
      apply.hidden = false
    } catch (error) {
      if (ask !== asked) return
      const authors = error instanceof ApiError && error.code === 'invalid' && awaitsParty(current) ? await trackedAuthors(chosen) : null
      if (ask !== asked) return
      if (authors !== null) return askParty(authors)
      replaceChildren(status, t('import.unreadable', { reason: reasonOf(error) }))
    }
  }

  /** Whether `current` is the secretariat's, its tracked changes kept as brackets of no party named: refused when the file has any. */
  const awaitsParty = (current: ImportChoice) => party !== null && current.party === null && current.changes === 'brackets'

  /** The authors of `chosen`'s tracked changes in words, when it has any (a preview that rejects them, changing nothing); null when it has none or cannot be read. */
  async function trackedAuthors(chosen: File): Promise<string[] | null> {
    try {
      const answer = (await api.importDraft(chosen, importQuery({ apply: false, changes: 'reject', party: null }))) as ImportPreviewView
      return answer.report.authors.length > 0 ? authorLines(answer.report) : null
    } catch {
      return null
    }
  }

  /** The secretariat asked to name whose proposals the tracked changes become (or to accept or reject them), their authors listed. */
  function askParty(authors: string[]): void {
    party?.setAttribute('aria-invalid', 'true')
    replaceChildren(status, t('import.partyNeeded'))
    replaceChildren(report, h('h4', {}, t('import.authorsHeading')), h('ul', { class: 'import-authors' }, authors.map((line) => h('li', {}, line))))
  }

  function showPreview(answer: ImportPreviewView): void {
    const paragraphs = paragraphLines(answer.report)
    const unmapped = unmappedLines(answer.report)
    const authors = authorLines(answer.report)
    const taken = changesLine(answer.report)
    replaceChildren(
      report,
      h('p', { class: 'import-counts' }, countsLine(answer.report)),
      taken ? h('p', { class: 'import-changes-taken' }, taken) : null,
      authors.length > 0 ? [h('h4', {}, t('import.authorsHeading')), h('ul', { class: 'import-authors' }, authors.map((line) => h('li', {}, line)))] : null,
      h('h4', {}, t('import.textsHeading')),
      answer.texts.map((text) =>
        h(
          'section',
          { class: 'import-text', lang: text.lang },
          h('h5', {}, textHeading(text)),
          h('ol', { class: 'import-blocks' }, text.blocks.map((block) => h('li', { 'data-kind': block.kind }, block.label ? h('strong', {}, `${block.label} `) : null, block.text))),
        ),
      ),
      h('h4', {}, t('import.unmappedHeading')),
      unmapped.length === 0
        ? h('p', { class: 'import-unmapped-none' }, t('import.unmappedNone'))
        : h('ul', { class: 'import-unmapped' }, unmapped.map((item) => h('li', {}, h('strong', {}, item.what), item.text ? h('q', {}, item.text) : null, h('span', { class: 'note' }, item.note)))),
      answer.report.notes.length > 0 ? [h('h4', {}, t('import.notesHeading')), h('ul', { class: 'import-notes' }, answer.report.notes.map((note) => h('li', {}, note)))] : null,
      h('h4', {}, t('import.paragraphsHeading')),
      h(
        'ol',
        { class: 'import-paragraphs' },
        paragraphs.map((line) => h('li', { value: line.source, class: line.leftOut ? 'left-out' : null }, h('span', { class: 'went' }, line.went), ' ', h('q', {}, line.text), line.note ? h('span', { class: 'note' }, line.note) : null)),
      ),
    )
  }

  apply.addEventListener('click', () => {
    if (previewed === null) return
    const { file: chosen, choice: current } = previewed
    const ask = ++asked
    apply.disabled = true
    replaceChildren(status, t('import.applying'))
    api
      .importDraft(chosen, importQuery({ ...current, apply: true }))
      .then((answer) => {
        const outcome = outcomeLine(answer as ImportAppliedView)
        if (ask === asked) {
          replaceChildren(status, outcome)
          apply.hidden = true
          previewed = null
        }
        notices.show(outcome, 'info')
        onApplied()
      })
      .catch((error: unknown) => {
        if (ask === asked) replaceChildren(status, t('import.notApplied', { reason: reasonOf(error) }))
      })
      .finally(() => {
        apply.disabled = false
      })
  })
  picker.addEventListener('change', () => (handed = null))
  for (const control of [picker, changes, ...(party ? [party] : [])]) control.addEventListener('change', () => void preview())
  if (handed !== null) void preview()

  return h(
    'section',
    { class: 'draft-import', 'aria-label': t('import.heading') },
    h('h3', {}, t('import.heading')),
    h('p', { class: 'hint' }, t('import.intro')),
    h('div', { class: 'import-choices' }, picker, h('label', {}, t('import.changes'), ' ', changes), party ? h('label', {}, t('import.party'), ' ', party) : null),
    status,
    apply,
    report,
  )
}

/** Puts `file` in `picker`, so that it names the file handed in (a browser without `DataTransfer` leaves it empty; the file is previewed all the same). */
function showIn(picker: HTMLInputElement, file: File): void {
  try {
    const transfer = new DataTransfer()
    transfer.items.add(file)
    picker.files = transfer.files
  } catch {
    // The picker stays empty; `handed` is the file.
  }
}
