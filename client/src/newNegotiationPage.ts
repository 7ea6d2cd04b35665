/**
 * The new-negotiation page, `/new`: for whoever may start one (`mayCreate`
 * of `GET /api/me`), a form — the instrument template and style, the
 * languages of the authentic texts, the two parties — that `Create`
 * sends as `POST /api/documents` (the signed-in person becomes the
 * negotiation's secretariat); then, on the same page, one invitation per
 * party for its head of delegation (`POST …/invitations`), each link shown
 * once to copy, and the way into the negotiation. A page of its own rather
 * than a view of the home page: it can be bookmarked and reloaded, and the
 * home page does not carry its code.
 *
 * A negotiation may start from a draft: a Word file or Akoma Ntoso picked
 * on the form. The import works on a negotiation that exists (`POST
 * …/import`), so `Create` makes it as the form says and then shows, on
 * this page, the editor's own import panel (`panels/draftImportPanel.ts`)
 * for it with the file already previewed; nothing of the file is written
 * until "Apply the import". The form and the page say so, before and
 * after: not applying leaves the negotiation as it was created.
 */

import type { DocumentView, PartyView, TemplateSummary } from '../../server/vocabulary/views.js'
import type { MeView } from '../../server/vocabulary/person.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import { h, replaceChildren } from './dom.js'
import { Api } from './api.js'
import { draftFileTypes, draftImportPanel } from './panels/draftImportPanel.js'
import { formProblems, newDocumentBody, offeredLanguages, otherLanguages, type NegotiationForm, type PartyForm } from './newNegotiation.js'
import { languageName } from './languageNames.js'
import { apiErrorOf } from './api.js'
import { errorText } from './i18n/errorWords.js'
import { languageChooser } from './i18n/languageChooser.js'
import { followAccount, startPageLanguage } from './i18n/pageLanguage.js'
import { richText, t } from './i18n/translator.js'
import './styles.css'
import './verifyPage.css'
import './home.css'

/** Sends a JSON request with the session cookie; resolves to the parsed answer, or throws an ApiError with the server's code and message. */
async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer: unknown = await response.json().catch(() => null)
  if (!response.ok) throw apiErrorOf(response.status, answer, t('error.status', { status: response.status }))
  return answer as T
}

/** The inputs of one party, built into `container`; `read` gives what they hold. */
function partyFields(container: HTMLElement, index: number): { read: () => PartyForm } {
  const id = (name: string) => `party${index}-${name}`
  const field = (name: string, label: string, attributes: Record<string, string | boolean> = {}) =>
    h('p', {}, h('label', { for: id(name) }, label), h('input', { id: id(name), maxlength: 300, ...attributes }))
  const language = h(
    'select',
    { id: id('language') },
    h('option', { value: '' }, t('new.party.none')),
    offeredLanguages.map((lang) => h('option', { value: lang }, languageName(lang))),
    h('option', { value: 'other' }, t('new.party.another')),
  )
  const position = index === 0 ? 'first' : 'second'
  const otherLanguage = h('input', { id: id('language-tag'), maxlength: 35, 'aria-label': t('new.party.languageTag', { position }), placeholder: 'lo', hidden: true })
  language.addEventListener('change', () => (otherLanguage.hidden = language.value !== 'other'))
  container.append(
    h(
      'fieldset',
      { class: 'party-fields' },
      h('legend', {}, t('new.party.legend', { position })),
      field('code', t('new.party.code'), { maxlength: '8', autocapitalize: 'characters', required: true }),
      field('name', t('new.party.name'), { required: true }),
      field('short', t('new.party.shortName')),
      field('state', t('new.party.state')),
      h('p', {}, h('label', { for: id('language') }, t('new.party.language')), h('span', { class: 'language-choice' }, language, otherLanguage)),
    ),
  )
  const value = (name: string) => (document.getElementById(id(name)) as HTMLInputElement).value
  return {
    read: () => ({
      code: value('code').trim().toUpperCase(),
      name: value('name'),
      shortName: value('short'),
      state: value('state'),
      language: language.value === 'other' ? otherLanguage.value.trim() : language.value,
    }),
  }
}

/** Step two: one invitation per party for its head of delegation, each link shown once with a Copy button. */
function showInvitations(created: DocumentView): void {
  setHeading('new.invite.heading')
  document.getElementById('created')!.textContent = t('new.created', { title: created.title })
  ;(document.getElementById('open') as HTMLAnchorElement).href = `/d/${encodeURIComponent(created.id)}`
  replaceChildren(document.getElementById('invitations')!, created.parties.map((party) => invitationRow(created.id, party)))
  document.getElementById('create')!.hidden = true
  document.getElementById('invite')!.hidden = false
}

/** The page's heading, kept in the interface's language if it changes. */
function setHeading(key: 'new.invite.heading' | 'new.draft.heading'): void {
  const heading = document.getElementById('heading')!
  heading.dataset.i18n = key
  heading.textContent = t(key)
}

/**
 * With a draft picked on the form, after the negotiation is created: the
 * import panel for it, `file` previewed at once (as the secretariat it has
 * just become; the session says so), above the invitations. Nothing of the
 * file is written until it is applied there.
 */
async function showDraft(created: DocumentView, file: File): Promise<void> {
  setHeading('new.draft.heading')
  document.getElementById('invite-heading')!.hidden = false
  document.getElementById('draft')!.hidden = false
  const place = document.getElementById('draft-panel')!
  const api = new Api(created.id)
  try {
    const session = await api.session()
    // The panel's own status line says the outcome here; this page has no notices.
    replaceChildren(place, draftImportPanel(api, session, { show: () => {} }, () => {}, file))
  } catch (error) {
    replaceChildren(place, h('p', { class: 'verify-status', role: 'alert' }, t('new.draft.noPanel', { reason: errorText(error) })))
  }
}

function invitationRow(documentId: string, party: PartyView): HTMLElement {
  const nameId = `head-${party.code}`
  const name = h('input', { id: nameId, maxlength: 200, autocomplete: 'off', placeholder: t('new.invite.namePlaceholder') })
  const invite = h('button', { type: 'submit', class: 'button' }, t('new.invite.button'))
  const result = h('div', { class: 'head-invitation-link' })
  const problem = h('p', { class: 'hint head-invitation-problem', role: 'alert' })
  const form = h(
    'form',
    { class: 'head-invitation', 'data-party': party.code },
    h('label', { for: nameId }, t('new.invite.label', { party: party.shortName || party.code }), h('span', { class: 'hint' }, ` (${party.name})`)),
    h('span', { class: 'head-invitation-ask' }, name, invite),
    problem,
    result,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    problem.textContent = ''
    if (name.value.trim() === '') {
      problem.textContent = t('new.invite.nameMissing')
      return
    }
    invite.disabled = true
    void request<{ url: string }>('POST', `/api/documents/${encodeURIComponent(documentId)}/invitations`, { name: name.value.trim(), party: party.code, role: 'head' })
      .then(({ url }) => {
        const link = h('input', { readonly: true, value: url, 'aria-label': t('new.invite.linkFor', { name: name.value.trim() }), class: 'link-field' })
        const copy = h('button', { type: 'button', class: 'button' }, t('new.copy'))
        copy.addEventListener('click', () => {
          link.select()
          void navigator.clipboard.writeText(url).then(
            () => (copy.textContent = t('new.copied')),
            () => (copy.textContent = t('new.copyByKeys')),
          )
        })
        name.readOnly = true
        invite.hidden = true
        replaceChildren(result, h('span', { class: 'head-invitation-ask' }, link, copy), h('p', { class: 'hint' }, t('new.linkOnce')))
      })
      .catch((error: Error) => {
        invite.disabled = false
        problem.textContent = errorText(error)
      })
  })
  return form
}

async function start(): Promise<void> {
  startPageLanguage()
  document.querySelector('.home-top')!.append(languageChooser())
  const status = document.getElementById('status')!
  const form = document.getElementById('create') as HTMLFormElement
  const answer = await fetch('/api/me', { credentials: 'same-origin' })
  if (answer.status === 401) {
    replaceChildren(status, richText('new.signInFirst', {}, { link: (chunks) => h('a', { href: '/signin' }, chunks) }))
    return
  }
  const me = answer.ok ? ((await answer.json()) as MeView) : null
  if (me) followAccount(me.person)
  if (!me?.mayCreate) {
    status.textContent = t('new.notAllowed')
    return
  }

  const { instruments } = await request<{ instruments: TemplateSummary[] }>('GET', '/api/templates')
  const template = document.getElementById('template') as HTMLSelectElement
  template.append(...instruments.map((instrument) => h('option', { value: instrument.id }, instrument.title)))
  const title = document.getElementById('title') as HTMLInputElement
  const describeTemplate = () => {
    const chosen = instruments.find((instrument) => instrument.id === template.value)
    document.getElementById('template-summary')!.textContent = chosen?.summary ?? t('new.template.blank')
    title.placeholder = t(chosen ? 'new.title.optional' : 'new.title.required')
  }
  if (instruments.length > 0) template.value = instruments[0]!.id
  template.addEventListener('change', describeTemplate)
  describeTemplate()

  const working = document.getElementById('working') as HTMLSelectElement
  const others = [...document.querySelectorAll<HTMLInputElement>('input[name="other"]')]
  const matchWorking = () => {
    for (const box of others) {
      box.disabled = box.value === working.value
      if (box.disabled) box.checked = false
    }
  }
  working.addEventListener('change', matchWorking)
  matchWorking()

  const draftFile = document.getElementById('draft-file') as HTMLInputElement
  draftFile.accept = draftFileTypes
  const createButton = document.getElementById('create-button') as HTMLButtonElement
  const pickedDraft = () => draftFile.files?.[0] ?? null
  draftFile.addEventListener('change', () => {
    const key = pickedDraft() === null ? 'new.create' : 'new.createWithDraft'
    createButton.dataset.i18n = key
    createButton.textContent = t(key)
  })

  const partiesBox = document.getElementById('parties')!
  const parties = [partyFields(partiesBox, 0), partyFields(partiesBox, 1)] as const
  const problems = document.getElementById('problems')!

  const read = (): NegotiationForm => ({
    title: title.value,
    template: template.value === '' ? null : template.value,
    style: (form.querySelector<HTMLInputElement>('input[name="style"]:checked')?.value ?? 'mou') as InstrumentStyle,
    parties: [parties[0].read(), parties[1].read()],
    working: working.value,
    others: otherLanguages(
      working.value,
      others.filter((box) => box.checked).map((box) => box.value),
      (document.getElementById('other-tags') as HTMLInputElement).value,
    ),
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const filled = read()
    const found = formProblems(filled)
    replaceChildren(problems, found.length === 0 ? [] : h('ul', {}, found.map((problem) => h('li', {}, problem))))
    if (found.length > 0) return
    const button = createButton
    const draft = pickedDraft()
    button.disabled = true
    void request<DocumentView>('POST', '/api/documents', newDocumentBody(filled))
      .then((created) => {
        showInvitations(created)
        if (draft !== null) void showDraft(created, draft)
      })
      .catch((error: Error) => {
        problems.textContent = errorText(error)
        button.disabled = false
      })
  })
  form.hidden = false
}

start().catch((error: unknown) => (document.getElementById('status')!.textContent = errorText(error)))
