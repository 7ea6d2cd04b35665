/**
 * Inserting a clause from the template library, searchable by title and
 * 5P tag. The clause is drafted by the server in the document's style and
 * inserted after the clause holding the cursor; every client sees it at once.
 *
 * A template that declares variables asks for them first, in a small form
 * (one labelled field per variable, filled with its default, checked as
 * the server checks it); a template whose clause is in the text already
 * says so ("“Costs” is already Paragraph 15 — insert another?") and
 * inserts only if the member goes on. Otherwise the clause goes in at once.
 */

import type { EditorView } from 'prosemirror-view'
import type { Api } from '../api.js'
import type { TemplateSummary } from '../../../server/vocabulary/views.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { h, replaceChildren } from '../dom.js'
import { clauseIdAt } from '../outlineModel.js'
import { clauseFromTemplate, variableFields, variableValues, type VariableField } from '../templateInsertion.js'
import { openModal } from './modal.js'
import type { Notices } from './notices.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'

/** The panel's words, in the interface's language (read when drawn, after the page chose its language). */
const words = {
  get library() { return t('templates.library') },
  get search() { return t('templates.search') },
  get list() { return t('templates.list') },
  get none() { return t('templates.none') },
  get filters() { return t('templates.filters') },
  get all() { return t('templates.all') },
  get insert() { return t('templates.insert') },
  get insertAnother() { return t('templates.insertAnother') },
  get cancel() { return t('templates.cancel') },
  tag: (tag: string) => t('templates.tag', { tag }),
  insertLabel: (title: string) => t('templates.insertLabel', { title }),
  dialogTitle: (title: string) => t('templates.dialogTitle', { title }),
  already: (title: string, label: string) => t('templates.already', { title, label }),
  get variablesIntro() { return t('templates.variablesIntro') },
  inserted: (title: string, label: string) => t('templates.inserted', { title, label }),
  failed: (message: string) => t('templates.failed', { reason: message }),
  loadFailed: (message: string) => t('templates.loadFailed', { reason: message }),
}

const tags = ['Policy', 'Prevention', 'Protection', 'Prosecution', 'Partnership']

export function templatePicker(api: Api, view: () => EditorView, notices: Notices, style: InstrumentStyle): HTMLElement {
  let templates: TemplateSummary[] = []
  let tag: string | null = null
  const search = h('input', { type: 'search', placeholder: words.search, 'aria-label': words.search })
  const list = h('ul', { class: 'template-list', 'aria-label': words.list })
  /** Inserts `template` after the clause `after` with `variables`; resolves to the server's refusal in words, or null once inserted. */
  const insert = async (template: TemplateSummary, after: string | null, variables: Record<string, string>): Promise<string | null> => {
    try {
      const { clause } = await api.insertClause(template.id, after, variables)
      notices.show(words.inserted(template.title, clause.label))
      return null
    } catch (error) {
      return reasonOf(error)
    }
  }
  const choose = async (template: TemplateSummary) => {
    const { doc, selection } = view().state
    const after = clauseIdAt(doc, selection.from)
    const fields = variableFields(template.variables)
    const existing = clauseFromTemplate(doc, template.id, style)
    if (fields.length > 0 || existing) {
      askFirst(template, fields, existing?.label ?? null, (variables) => insert(template, after, variables))
      return
    }
    const refusal = await insert(template, after, {})
    if (refusal !== null) notices.show(words.failed(refusal), 'error')
  }
  const render = () => {
    const query = search.value.trim().toLowerCase()
    const shown = templates.filter(
      (template) =>
        (tag === null || template.tag === tag) &&
        (query === '' || template.title.toLowerCase().includes(query) || (template.tag ?? '').toLowerCase().includes(query) || template.summary.toLowerCase().includes(query)),
    )
    replaceChildren(
      list,
      shown.length === 0 ? h('li', { class: 'empty' }, words.none) : null,
      shown.map((template) =>
        h(
          'li',
          {},
          // The library's titles and summaries are its own words (English), not the interface's.
          h('div', { class: 'template-title' }, h('span', { lang: 'en' }, template.title), h('span', { class: 'tag' }, template.tag ? words.tag(template.tag) : '')),
          h('p', { class: 'template-summary', lang: 'en' }, template.summary),
          h('button', { class: 'insert-template', 'data-template-id': template.id, 'aria-label': words.insertLabel(template.title), onclick: () => void choose(template) }, words.insert),
        ),
      ),
    )
  }
  const filters = h(
    'div',
    { class: 'tag-filters', role: 'group', 'aria-label': words.filters },
    [null, ...tags].map((value) =>
      h(
        'button',
        {
          class: 'tag-filter',
          'aria-pressed': String(value === tag),
          onclick: (event: Event) => {
            tag = value
            for (const button of filters.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button === event.currentTarget))
            render()
          },
        },
        value === null ? words.all : words.tag(value),
      ),
    ),
  )
  search.addEventListener('input', render)
  api.templates().then(
    (loaded) => {
      templates = loaded
      render()
    },
    (error: unknown) => notices.show(words.loadFailed(reasonOf(error)), 'error'),
  )
  return h('section', { class: 'panel templates', 'aria-label': words.library }, search, filters, list)
}

/**
 * The dialog before inserting `template`: that its clause is already
 * `existingLabel` (when it is), and a field per variable. `insert` is
 * called with the values once each is valid; its refusal (the server's
 * words) is shown in the dialog, which stays open; it closes once inserted.
 */
function askFirst(
  template: TemplateSummary,
  fields: readonly VariableField[],
  existingLabel: string | null,
  insert: (variables: Record<string, string>) => Promise<string | null>,
): void {
  const inputs = new Map<string, HTMLInputElement>()
  const problems = new Map<string, HTMLElement>()
  const refusal = h('p', { class: 'template-refusal', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'confirm-insert', autofocus: fields.length === 0 }, existingLabel ? words.insertAnother : words.insert)
  const rows = fields.map((field, index) => {
    const problem = h('span', { class: 'field-problem', id: `template-variable-problem-${index}` })
    const input = h('input', {
      type: field.inputType,
      name: field.name,
      class: 'template-variable',
      value: field.initial,
      maxlength: field.maxLength,
      step: field.inputType === 'number' ? 1 : null,
      'aria-describedby': problem.id,
      autofocus: index === 0,
    })
    inputs.set(field.name, input)
    problems.set(field.name, problem)
    return h('label', { class: 'template-variable-field' }, h('span', { class: 'variable-description' }, field.description), input, problem)
  })
  const form = h(
    'form',
    {
      class: 'template-insert',
      onsubmit: async (event: Event) => {
        event.preventDefault()
        for (const problem of problems.values()) problem.textContent = ''
        refusal.textContent = ''
        const checked = variableValues(fields, (name) => inputs.get(name)!.value)
        if (checked.values === null) {
          for (const { name, message } of checked.problems) problems.get(name)!.textContent = message
          inputs.get(checked.problems[0]!.name)!.focus()
          return
        }
        submit.disabled = true
        const refused = await insert(checked.values)
        submit.disabled = false
        if (refused === null) dialog.close()
        else refusal.textContent = words.failed(refused)
      },
    },
    existingLabel ? h('p', { class: 'template-duplicate' }, words.already(template.title, existingLabel)) : null,
    rows.length > 0 ? h('p', {}, words.variablesIntro) : null,
    rows,
    refusal,
    h('p', { class: 'modal-actions' }, submit, h('button', { type: 'button', class: 'cancel-insert', onclick: () => dialog.close() }, words.cancel)),
  )
  const dialog = openModal(words.dialogTitle(template.title), form)
}
