/**
 * Inserting a clause from the template library, searchable by title and
 * 5P tag. The clause is drafted by the server in the document's style and
 * inserted after the clause holding the cursor; every client sees it at once.
 */

import type { EditorView } from 'prosemirror-view'
import { ApiError, type Api } from '../api.js'
import type { TemplateSummary } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'
import { clauseIdAt } from '../outlineModel.js'
import type { Notices } from './notices.js'

const tags = ['Policy', 'Prevention', 'Protection', 'Prosecution', 'Partnership']

export function templatePicker(api: Api, view: () => EditorView, notices: Notices): HTMLElement {
  let templates: TemplateSummary[] = []
  let tag: string | null = null
  const search = h('input', { type: 'search', placeholder: 'Search clause templates', 'aria-label': 'Search clause templates' })
  const list = h('ul', { class: 'template-list', 'aria-label': 'Clause templates' })
  const render = () => {
    const query = search.value.trim().toLowerCase()
    const shown = templates.filter(
      (template) =>
        (tag === null || template.tag === tag) &&
        (query === '' || template.title.toLowerCase().includes(query) || (template.tag ?? '').toLowerCase().includes(query) || template.summary.toLowerCase().includes(query)),
    )
    replaceChildren(
      list,
      shown.length === 0 ? h('li', { class: 'empty' }, 'No template matches.') : null,
      shown.map((template) =>
        h(
          'li',
          {},
          h('div', { class: 'template-title' }, template.title, h('span', { class: 'tag' }, template.tag ?? '')),
          h('p', { class: 'template-summary' }, template.summary),
          h(
            'button',
            {
              class: 'insert-template',
              'data-template-id': template.id,
              'aria-label': `Insert “${template.title}” after the clause at the cursor`,
              onclick: async () => {
                const editor = view()
                const after = clauseIdAt(editor.state.doc, editor.state.selection.from)
                try {
                  const { clause } = await api.insertClause(template.id, after)
                  notices.show(`Inserted “${template.title}” as ${clause.label}.`)
                } catch (error) {
                  notices.show(error instanceof ApiError ? `Could not insert the clause: ${error.message}` : String(error), 'error')
                }
              },
            },
            'Insert',
          ),
        ),
      ),
    )
  }
  const filters = h(
    'div',
    { class: 'tag-filters', role: 'group', 'aria-label': 'Filter by 5P tag' },
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
        value ?? 'All',
      ),
    ),
  )
  search.addEventListener('input', render)
  api.templates().then(
    (loaded) => {
      templates = loaded
      render()
    },
    (error: unknown) => notices.show(`Could not load the templates: ${(error as Error).message}`, 'error'),
  )
  return h('section', { class: 'panel templates', 'aria-label': 'Template library' }, search, filters, list)
}
