/**
 * The signing desk, for the secretariat: what stands between the text and
 * signature as a checklist (each item a link to its clause), the signature
 * page (signatories per party and language, place, date, number of
 * originals, prevailing language), "Record the text for signature" (the
 * revision the originals are exported from), and each party's original
 * as a download — in every language or one, with the fingerprint line and
 * the initials box if wanted. Recording and exporting are offered once the
 * server says the text is ready; every refusal is shown in its words.
 */

import type { Api } from '../api.js'
import { h, replaceChildren, saveFile } from '../dom.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { revisionLabel } from '../i18n/vocabularyWords.js'
import { readinessSummary, signingChecklist, type ChecklistGroup } from '../signingChecklist.js'
import type { Notices } from './notices.js'
import type { PartyView, RevisionView, SessionView, SigningReadinessView } from '../../../server/vocabulary/views.js'
import { maxOriginals, type SigningRequest, type SigningSettings } from '../../../server/vocabulary/signing.js'
import { TextFollower } from './textFollower.js'

export interface SigningDeskOptions {
  api: Api
  session: SessionView
  notices: Notices
  /** Puts the caret in the clause or part with this id and scrolls the text to it. */
  jumpTo: (clauseId: string) => void
  /** A language's name in the interface's language ("Thai"). */
  languageName: (lang: string) => string
}

/** The label a revision recorded here gets unless the secretariat gives another. */
const defaultLabel = () => t('signing.defaultLabel')

export class SigningDesk {
  readonly element = h('section', { class: 'panel signing-desk', 'aria-label': t('signing.label') })
  private readonly summary = h('p', { class: 'readiness-summary', role: 'status' }, t('signing.checking'))
  private readonly checklist = h('div', { class: 'signing-checklist' })
  private readonly problem = h('p', { class: 'signing-problem', role: 'alert' })
  private readonly settingsForm: HTMLFormElement
  private readonly fields: SettingsFields
  private readonly recordSection = h('div', { class: 'record-for-signature' })
  private readonly originalsSection = h('div', { class: 'originals' })
  private readonly recordLabel = h('input', { type: 'text', class: 'record-label', maxlength: 200, value: defaultLabel(), 'aria-label': t('signing.recordLabel') })
  private readonly revisionChoice = h('select', { class: 'original-revision', 'aria-label': t('signing.revisionChoice') })
  private readonly languageChoice: HTMLSelectElement
  private readonly fingerprint = h('input', { type: 'checkbox', class: 'original-fingerprint' })
  private readonly initialsBox = h('input', { type: 'checkbox', class: 'original-initials' })
  private readiness: SigningReadinessView | null = null
  private revisions: RevisionView[] = []
  /** The revision recorded here for signature, chosen for the originals until another is. */
  private recorded: number | null = null
  /** Asks for the checklist again when the negotiation's state changes. */
  private readonly follower = new TextFollower(() => this.element, () => this.refresh())
  /** The settings last shown in the fields, as JSON. */
  private filledSettings = ''

  constructor(private readonly options: SigningDeskOptions) {
    const document_ = options.session.document!
    const languages = [document_.languages.working, ...document_.languages.others]
    this.fields = settingsFields(document_.parties, languages, options.languageName)
    this.settingsForm = h(
      'form',
      { class: 'signing-settings', 'aria-label': t('signing.group.signing'), onsubmit: (event: Event) => (event.preventDefault(), void this.saveSettings()) },
      this.fields.element,
      h('button', { type: 'submit', class: 'save-signing' }, t('signing.saveSettings')),
    )
    this.languageChoice = h(
      'select',
      { class: 'original-language', 'aria-label': t('signing.languageChoice') },
      h('option', { value: '' }, t('signing.everyLanguage')),
      languages.map((lang) => h('option', { value: lang }, t('signing.languageOnly', { language: options.languageName(lang) }))),
    )
    this.problem.hidden = true
    this.element.append(
      h('div', { class: 'readiness-head' }, this.summary, h('button', { type: 'button', class: 'refresh-readiness', onclick: () => void this.refresh() }, t('signing.checkAgain'))),
      this.problem,
      this.checklist,
      h('h4', {}, t('signing.group.signing')),
      this.settingsForm,
      h('h4', {}, t('signing.heading.textForSignature')),
      this.recordSection,
      h('h4', {}, t('signing.heading.originals')),
      this.originalsSection,
    )
  }

  /** Asks the server again what stands between the text and signature, and which revisions there are. */
  async refresh(): Promise<void> {
    try {
      const [readiness, revisions] = await Promise.all([this.options.api.readiness(), this.options.api.revisions()])
      this.readiness = readiness
      this.revisions = revisions
      this.showProblem(null)
      this.render()
    } catch (error) {
      this.showProblem(t('signing.checkFailed', { reason: reasonOf(error) }))
    }
  }

  /** Told of the negotiation's state after a change of the text: when it moved and the panel is in view, the checklist is asked for again (`TextFollower`). */
  textChanged(signature: string): void {
    this.follower.textChanged(signature)
  }

  private render(): void {
    const readiness = this.readiness
    if (!readiness) return
    const document_ = this.options.session.document!
    const groups = signingChecklist(readiness, { parties: document_.parties, otherLanguages: document_.languages.others, languageName: this.options.languageName })
    this.summary.textContent = readinessSummary(readiness, groups)
    this.summary.dataset.ready = String(readiness.ready)
    replaceChildren(this.checklist, groups.map((group) => this.groupElement(group)))
    // Filled when the server's settings changed, so that what is being typed survives a check.
    const settings = JSON.stringify(readiness.signing.settings)
    if (settings !== this.filledSettings) {
      this.fields.fill(readiness.signing.settings)
      this.filledSettings = settings
    }
    this.renderRecord(readiness.ready)
    this.renderOriginals(readiness.ready)
  }

  private groupElement(group: ChecklistGroup): HTMLElement {
    return h(
      'section',
      { class: 'checklist-group', 'data-kind': group.kind, 'data-open': group.items.length, 'aria-label': group.title },
      h('h5', {}, t('signing.groupTitle', { title: group.title, count: group.items.length })),
      group.items.length === 0
        ? h('p', { class: 'checklist-done' }, `✓ ${group.done}`)
        : h(
            'ul',
            { class: 'checklist-items' },
            group.items.map((item) =>
              h(
                'li',
                { class: 'check-item', 'data-clause-id': item.clauseId ?? '' },
                item.clauseId === null
                  ? h('span', { class: 'check-subject' }, item.subject)
                  : h(
                      'a',
                      {
                        class: 'check-link',
                        href: `#${encodeURIComponent(item.clauseId)}`,
                        title: t('signing.showInText'),
                        onclick: (event: Event) => {
                          event.preventDefault()
                          this.options.jumpTo(item.clauseId!)
                        },
                      },
                      item.subject,
                    ),
                h('span', { class: 'check-detail' }, ` — ${item.detail}`),
              ),
            ),
          ),
    )
  }

  private renderRecord(ready: boolean): void {
    const record = h('button', { type: 'button', class: 'record-text', disabled: !ready, onclick: (event: Event) => void this.record(event.currentTarget as HTMLButtonElement) }, t('signing.record'))
    replaceChildren(
      this.recordSection,
      h('p', { class: 'hint' }, t(ready ? 'signing.record.ready' : 'signing.record.notReady')),
      h('div', { class: 'record-form' }, this.recordLabel, record),
    )
  }

  private renderOriginals(ready: boolean): void {
    const document_ = this.options.session.document!
    const chosen = this.revisionChoice.value
    replaceChildren(
      this.revisionChoice,
      [...this.revisions].reverse().map((revision) => h('option', { value: String(revision.seq) }, t('signing.revisionOption', { seq: revision.seq, label: revisionLabel(revision.label), recorded: revision.seq === this.recorded ? 'yes' : 'no' }))),
    )
    if (this.recorded !== null) this.revisionChoice.value = String(this.recorded)
    else if (chosen && this.revisions.some((revision) => String(revision.seq) === chosen)) this.revisionChoice.value = chosen
    const exportable = ready && this.revisions.length > 0
    replaceChildren(
      this.originalsSection,
      h(
        'p',
        { class: 'hint' },
        t(!ready ? 'signing.originals.notReady' : this.revisions.length === 0 ? 'signing.originals.recordFirst' : 'signing.originals.ready'),
      ),
      h('label', {}, `${t('signing.field.revision')} `, this.revisionChoice),
      h('label', {}, `${t('signing.field.languages')} `, this.languageChoice),
      h('label', { class: 'check' }, this.fingerprint, ` ${t('signing.fingerprint')}`),
      h('label', { class: 'check' }, this.initialsBox, ` ${t('signing.initialsBox')}`),
      h(
        'div',
        { class: 'original-buttons' },
        [...document_.parties]
          .sort((a, b) => a.position - b.position)
          .map((party) =>
            h(
              'button',
              {
                type: 'button',
                class: 'export-original',
                'data-party': party.code,
                disabled: !exportable,
                onclick: (event: Event) => void this.exportOriginal(party.code, event.currentTarget as HTMLButtonElement),
              },
              t('signing.originalFor', { party: party.shortName }),
            ),
          ),
      ),
    )
  }

  private async saveSettings(): Promise<void> {
    const request = this.fields.read()
    if (typeof request === 'string') {
      this.showProblem(request)
      return
    }
    try {
      await this.options.api.setSigning(request)
      this.showProblem(null)
      this.options.notices.show(t('signing.saved'))
      await this.refresh()
    } catch (error) {
      this.showProblem(t('signing.notSaved', { reason: reasonOf(error) }))
    }
  }

  private async record(button: HTMLButtonElement): Promise<void> {
    const label = this.recordLabel.value.trim() || defaultLabel()
    button.disabled = true
    try {
      const revision = await this.options.api.createRevision(label, t('signing.recordNote'))
      this.recorded = revision.seq
      this.showProblem(null)
      this.options.notices.show(t('signing.recorded', { seq: revision.seq, label: revision.label }))
      await this.refresh()
    } catch (error) {
      this.showProblem(t('signing.notRecorded', { reason: reasonOf(error) }))
      button.disabled = false
    }
  }

  private async exportOriginal(party: string, button: HTMLButtonElement): Promise<void> {
    const seq = this.revisionChoice.value
    if (!seq) return
    const query = new URLSearchParams({ counterpart: party })
    if (this.languageChoice.value) query.set('lang', this.languageChoice.value)
    if (this.fingerprint.checked) query.set('fingerprint', '1')
    if (this.initialsBox.checked) query.set('initials', '1')
    button.disabled = true
    try {
      const { blob, filename } = await this.options.api.download(`/api/documents/${this.options.api.documentId}/revisions/${seq}/export.docx?${query}`)
      saveFile(blob, filename)
      this.showProblem(null)
      this.options.notices.show(t('signing.downloaded', { file: filename }))
    } catch (error) {
      this.showProblem(t('signing.notExported', { reason: reasonOf(error) }))
    } finally {
      button.disabled = false
    }
  }

  private showProblem(message: string | null): void {
    this.problem.textContent = message ?? ''
    this.problem.hidden = message === null
    if (message !== null) this.options.notices.show(message, 'warning')
  }
}

interface SettingsFields {
  element: HTMLElement
  /** Shows `settings` in the fields. */
  fill(settings: SigningSettings): void
  /** The request the fields make, or what is wrong with them in words. */
  read(): SigningRequest | string
}

/** The fields of the signature page: a signatory (name, title) per party and language, the place per language, date, originals, prevailing language. */
function settingsFields(parties: readonly PartyView[], languages: readonly string[], languageName: (lang: string) => string): SettingsFields {
  const input = (className: string, label: string, extra: Record<string, string | number> = {}) => h('input', { type: 'text', class: className, 'aria-label': label, ...extra })
  const ordered = [...parties].sort((a, b) => a.position - b.position)
  const signatories = ordered.map((party) => ({
    party,
    byLanguage: languages.map((lang) => ({
      lang,
      name: input('signatory-name', t('signing.signatoryName', { party: party.shortName, language: languageName(lang) }), { 'data-party': party.code, 'data-lang': lang, maxlength: 200 }),
      title: input('signatory-title', t('signing.signatoryTitle', { party: party.shortName, language: languageName(lang) }), { 'data-party': party.code, 'data-lang': lang, maxlength: 300 }),
    })),
  }))
  const places = languages.map((lang) => ({ lang, input: input('signing-place', t('signing.placeIn', { language: languageName(lang) }), { 'data-lang': lang, maxlength: 200 }) }))
  const date = h('input', { type: 'date', class: 'signing-date', 'aria-label': t('signing.date') })
  const originals = h('input', { type: 'number', class: 'signing-originals', min: 1, max: maxOriginals, value: 2, 'aria-label': t('signing.originalsCount') })
  const prevailing = h(
    'select',
    { class: 'prevailing-language', 'aria-label': t('signing.prevailing') },
    h('option', { value: '' }, t('signing.prevailing.none')),
    languages.map((lang) => h('option', { value: lang }, languageName(lang))),
  )
  const element = h(
    'div',
    { class: 'signing-fields' },
    signatories.map(({ party, byLanguage }) =>
      h(
        'fieldset',
        { class: 'signatory', 'data-party': party.code },
        h('legend', {}, t('signing.signatoryOf', { party: party.shortName })),
        byLanguage.map(({ lang, name, title }) => h('div', { class: 'signatory-row', 'data-lang': lang }, h('span', { class: 'language' }, languageName(lang)), name, title)),
      ),
    ),
    h('fieldset', { class: 'signing-place-fields' }, h('legend', {}, t('signing.placeLegend')), places.map(({ lang, input: place }) => h('label', {}, `${languageName(lang)} `, place))),
    h(
      'div',
      { class: 'signing-row' },
      h('label', {}, `${t('signing.field.date')} `, date),
      h('label', {}, `${t('signing.field.originals')} `, originals),
      h('label', {}, `${t('signing.field.prevailing')} `, prevailing),
    ),
  )
  for (const { byLanguage } of signatories) {
    for (const { name, title } of byLanguage) {
      name.placeholder = t('signing.placeholder.name')
      title.placeholder = t('signing.placeholder.title')
    }
  }
  return {
    element,
    fill(settings) {
      for (const { party, byLanguage } of signatories) {
        for (const { lang, name, title } of byLanguage) {
          const signatory = settings.signatories[party.code]?.[lang]
          name.value = signatory?.name ?? ''
          title.value = signatory?.title ?? ''
        }
      }
      for (const { lang, input: place } of places) place.value = settings.place[lang] ?? ''
      date.value = settings.date ?? ''
      originals.value = String(settings.originals)
      prevailing.value = settings.prevailingLanguage ?? ''
    },
    read() {
      const request: SigningRequest = { place: {}, date: date.value || null, originals: Number(originals.value), prevailingLanguage: prevailing.value || null, signatories: {} }
      for (const { party, byLanguage } of signatories) {
        for (const { lang, name, title } of byLanguage) {
          const [nameText, titleText] = [name.value.trim(), title.value.trim()]
          if (!nameText && !titleText) continue
          if (!nameText || !titleText) return t('signing.problem.signatory', { party: party.shortName, language: languageName(lang) })
          ;(request.signatories[party.code] ??= {})[lang] = { name: nameText, title: titleText }
        }
      }
      const placeByLanguage: Record<string, string> = {}
      for (const { lang, input: place } of places) if (place.value.trim()) placeByLanguage[lang] = place.value.trim()
      request.place = placeByLanguage
      if (!Number.isInteger(request.originals) || request.originals < 1 || request.originals > maxOriginals) return t('signing.problem.originals', { max: maxOriginals })
      return request
    },
  }
}
