/**
 * The public verify page, `/verify`: anyone picks or drops a DOCX and
 * learns whether it is an untouched original sealed and exported by this
 * server (POST /api/verify, no token), and the file's SHA-256 as
 * `sha256sum` prints it, computed here with `crypto.subtle`. The page's
 * markup is static (`client/verify.html`); this fills in the verdict and
 * says it through the `role="status"` line.
 */

import type { VerdictView } from '../../server/vocabulary/verdictView.js'
import { h, replaceChildren } from './dom.js'
import { asSentence, hexOf, sha256sumLine, verdictRows, type SummaryRow } from './verdictSummary.js'
import { languageChooser } from './i18n/languageChooser.js'
import { startPageLanguage } from './i18n/pageLanguage.js'
import { t } from './i18n/translator.js'
import './styles.css'
import './verifyPage.css'

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** What became of a check: the server's verdict, or why there is none. */
type Outcome = { kind: 'verdict'; verdict: VerdictView } | { kind: 'unchecked'; reason: string }

function start(): void {
  startPageLanguage()
  // At the foot, after the file picker (the page's first control after the link home); nobody is signed in here: the choice is this browser's.
  document.querySelector('main')!.append(h('p', { class: 'interface-language-foot' }, languageChooser()))
  const input = document.getElementById('file') as HTMLInputElement
  const zone = document.getElementById('drop-zone')!
  const status = document.getElementById('status')!
  const section = document.getElementById('verdict')!
  const facts = document.getElementById('verdict-facts')!
  const fileFacts = document.getElementById('file-facts')!
  /** The latest check: an answer to an earlier file, arriving late, is dropped. */
  let latest = 0

  async function check(file: File): Promise<void> {
    const run = ++latest
    section.hidden = true
    status.dataset.verdict = 'checking'
    status.textContent = t('verify.checking', { file: file.name })
    const [outcome, hash] = await Promise.all([verdictOn(file), sha256Of(file)])
    if (run !== latest) return
    status.dataset.verdict = outcome.kind === 'unchecked' ? 'unchecked' : outcome.verdict.valid ? 'valid' : 'invalid'
    status.textContent = statusLine(file, outcome)
    replaceChildren(facts, definitions(outcome.kind === 'verdict' ? verdictRows(outcome.verdict) : [{ term: t('verify.term.reason'), value: asSentence(outcome.reason) }]))
    replaceChildren(
      fileFacts,
      definitions([
        { term: t('verify.term.file'), value: t('verify.fileSize', { file: file.name, bytes: file.size }) },
        hash === null
          ? { term: t('verify.term.sha256'), value: t('verify.sha256NotComputed') }
          : { term: t('verify.term.sha256Line'), value: sha256sumLine(hash, file.name), code: true },
      ]),
    )
    section.dataset.verdict = status.dataset.verdict
    section.hidden = false
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0]
    if (file) void check(file)
  })

  // A file dropped anywhere on the page is checked, not opened by the browser.
  const dragging = (event: DragEvent) => Boolean(event.dataTransfer?.types.includes('Files'))
  document.addEventListener('dragover', (event) => {
    if (!dragging(event)) return
    event.preventDefault()
    event.dataTransfer!.dropEffect = 'copy'
    zone.dataset.state = 'over'
  })
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) zone.dataset.state = 'idle'
  })
  document.addEventListener('drop', (event) => {
    if (!dragging(event)) return
    event.preventDefault()
    zone.dataset.state = 'idle'
    const files = event.dataTransfer!.files
    if (files.length !== 1) {
      status.dataset.verdict = 'unchecked'
      status.textContent = t('verify.dropOne', { count: files.length })
      return
    }
    try {
      input.files = files
    } catch {
      // a browser that will not set the picker's files: the check goes on all the same
    }
    void check(files[0]!)
  })
}

/** The server's verdict on `file`, or why it gave none (a file over the limit, the server out of reach). */
async function verdictOn(file: File): Promise<Outcome> {
  let response: Response
  try {
    response = await fetch('/api/verify', { method: 'POST', headers: { 'content-type': docxType }, body: file })
  } catch (error) {
    return { kind: 'unchecked', reason: t('verify.unreachable', { detail: error instanceof Error ? error.message : String(error) }) }
  }
  if (response.ok) return { kind: 'verdict', verdict: (await response.json()) as VerdictView }
  let reason = t('error.status', { status: response.status })
  try {
    const body = (await response.json()) as { error?: { message?: string } }
    if (body.error?.message) reason = body.error.message
  } catch {
    // not JSON: keep the status
  }
  return { kind: 'unchecked', reason }
}

/** The file's SHA-256 in hex, or null where the browser offers no `crypto.subtle` (a plain-http page not on localhost). */
async function sha256Of(file: File): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  return hexOf(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))
}

/** The one line the status announces. */
function statusLine(file: File, outcome: Outcome): string {
  if (outcome.kind === 'unchecked') return t('verify.notChecked', { reason: asSentence(outcome.reason) })
  const { verdict } = outcome
  if (!verdict.valid) return t('verify.notValid', { file: file.name, reason: verdictRows(verdict)[0]!.value })
  return t('verify.valid', { file: file.name, revision: verdict.revision, title: verdict.document.title, party: verdict.counterpart })
}

function definitions(rows: SummaryRow[]): HTMLElement[] {
  return rows.map((row) => h('div', { class: 'fact' }, h('dt', {}, row.term), h('dd', {}, row.code ? h('code', {}, row.value) : row.value)))
}

start()
