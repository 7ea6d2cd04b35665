/**
 * The version log at hand: create a named revision; list them with who,
 * when and hash — each run of automatic checkpoints folded into one row
 * that opens, unless the member chose to see them all (remembered in this
 * browser); open one read-only; compare any two (or one with the live
 * text) as an in-page redline, and the redline as a DOCX download; restore
 * with confirmation. Signing originals are exported at the signing desk
 * (`signingDesk.ts`), from the revision recorded there for signature.
 */

import type { Api } from '../api.js'
import type { PartyView, RevisionView, SessionView } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'
import { createReadOnlyView } from '../editor/editorSetup.js'
import { openComparison } from './comparisonDialog.js'
import { checkpointsSummary, revisionRows } from '../checkpointGroups.js'
import { openModal } from './modal.js'
import type { Notices } from './notices.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { revisionLabel } from '../i18n/vocabularyWords.js'

/** Where this browser remembers whether automatic checkpoints are shown one by one ('1') or folded. */
export const showCheckpointsKey = 'counterpart:show-checkpoints'

/** The words of the checkpoints in the list and the choices, in one place (in the interface's language). */
const words = {
  get showCheckpoints() { return t('revisions.showCheckpoints') },
  get checkpoints() { return t('revisions.checkpoints') },
}

export function revisionsPanel(api: Api, session: SessionView, notices: Notices, storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage): HTMLElement {
  const document_ = session.document!
  const parties: PartyView[] = document_.parties
  const list = h('ol', { class: 'revision-list', 'aria-label': t('revisions.label') })
  const fromSelect = h('select', { 'aria-label': t('revisions.compareFrom') })
  const toSelect = h('select', { 'aria-label': t('revisions.compareTo') })
  let revisions: RevisionView[] = []

  const fail = (what: string) => (error: unknown) => notices.show(t('revisions.failed', { what, reason: reasonOf(error) }), 'error')

  const showAll = h('input', {
    type: 'checkbox',
    class: 'show-checkpoints',
    'aria-label': words.showCheckpoints,
    onchange: () => {
      storage.setItem(showCheckpointsKey, showAll.checked ? '1' : '0')
      render()
    },
  })
  showAll.checked = storage.getItem(showCheckpointsKey) === '1'
  /** The folded runs of checkpoints the member opened, by their newest revision: kept open across refreshes. */
  const opened = new Set<number>()

  const who = (revision: RevisionView) =>
    revision.createdBy.kind === 'server'
      ? t('revisions.byServer')
      : revision.createdBy.name
        ? t('revisions.byMember', { name: revision.createdBy.name, party: revision.createdBy.party ?? 'none' })
        : t('revisions.administrator')

  const revisionItem = (revision: RevisionView) =>
    h(
      'li',
      { 'data-seq': revision.seq },
      h('div', { class: 'revision-title' }, h('strong', {}, `${revision.seq}. ${revisionLabel(revision.label)}`), revision.auto ? h('span', { class: 'tag' }, t('revisions.automatic')) : null),
      h('div', { class: 'revision-meta' }, `${who(revision)} · ${formatDateTime(revision.createdAt)} · `, h('code', { title: revision.contentHash }, revision.contentHash.slice(0, 12))),
      h(
        'div',
        { class: 'revision-actions' },
        h('button', { onclick: () => openRevision(revision).catch(fail(t('revisions.openFailed'))) }, t('revisions.open')),
        session.may.edit
          ? h(
              'button',
              {
                onclick: () => {
                  if (!window.confirm(t('revisions.confirmRestore', { seq: revision.seq, label: revisionLabel(revision.label) }))) return
                  api.restore(revision.seq).then(
                    (restored) => {
                      notices.show(t('revisions.restored', { seq: revision.seq, restored: restored.seq }))
                      void refresh()
                    },
                    fail(t('revisions.restoreFailed')),
                  )
                },
              },
              t('revisions.restore'),
            )
          : null,
      ),
    )

  /** A run of automatic checkpoints as one row that opens to show them. */
  const checkpointsItem = (run: RevisionView[]) => {
    const newest = run[0]!.seq
    const fold = h(
      'details',
      { ontoggle: () => (fold.open ? opened.add(newest) : opened.delete(newest)) },
      h('summary', {}, checkpointsSummary(run)),
      h('ol', { class: 'checkpoint-list' }, run.map(revisionItem)),
    )
    fold.open = opened.has(newest)
    return h('li', { class: 'checkpoint-group' }, fold)
  }

  const render = () => {
    replaceChildren(
      list,
      revisions.length === 0 ? h('li', { class: 'empty' }, t('revisions.none')) : null,
      revisionRows([...revisions].reverse(), !showAll.checked).map((row) => (row.kind === 'revision' ? revisionItem(row.revision) : checkpointsItem(row.revisions))),
    )
    // Folded, the checkpoints come after the named revisions in the choices too.
    const newestFirst = [...revisions].reverse()
    const option = (revision: RevisionView) => h('option', { value: String(revision.seq) }, `${revision.seq}. ${revisionLabel(revision.label)}`)
    const checkpoints = newestFirst.filter((revision) => revision.auto)
    const options = (withLive: boolean) => [
      ...(withLive ? [h('option', { value: 'live' }, t('revisions.live'))] : []),
      ...(showAll.checked || checkpoints.length === 0
        ? newestFirst.map(option)
        : [...newestFirst.filter((revision) => !revision.auto).map(option), h('optgroup', { label: words.checkpoints }, checkpoints.map(option))]),
    ]
    const [fromValue, toValue] = [fromSelect.value, toSelect.value]
    replaceChildren(fromSelect, options(false))
    replaceChildren(toSelect, options(true))
    if (fromValue) fromSelect.value = fromValue
    if (toValue) toSelect.value = toValue
  }

  const refresh = async () => {
    revisions = await api.revisions()
    render()
  }

  const openRevision = async (summary: RevisionView) => {
    const revision = await api.revision(summary.seq)
    const mount = h('div', { class: 'revision-view' })
    openModal(t('revisions.readOnlyTitle', { seq: revision.seq, label: revisionLabel(revision.label) }), mount)
    createReadOnlyView(mount, revision.content.doc, document_.style, document_.languages.working, document_.parties)
  }

  const ref = (value: string) => (value === 'live' ? 'live' : Number(value))
  const compare = () => openComparison(api, parties, notices, ref(fromSelect.value), ref(toSelect.value))

  const label = h('input', { type: 'text', placeholder: t('revisions.namePlaceholder'), 'aria-label': t('revisions.name'), maxlength: 200 })
  const createForm = session.may.edit
    ? h(
        'form',
        {
          class: 'create-revision',
          onsubmit: (event: Event) => {
            event.preventDefault()
            const name = label.value.trim()
            if (!name) {
              notices.show(t('revisions.nameMissing'), 'warning')
              return
            }
            api.createRevision(name, '').then(
              (revision) => {
                label.value = ''
                notices.show(t('revisions.recorded', { seq: revision.seq }))
                void refresh()
              },
              fail(t('revisions.recordFailed')),
            )
          },
        },
        label,
        h('button', { type: 'submit' }, t('revisions.create')),
      )
    : null

  void refresh().catch(fail(t('revisions.loadFailed')))
  return h(
    'section',
    { class: 'panel revisions', 'aria-label': t('revisions.label') },
    createForm,
    h(
      'div',
      { class: 'compare-form', role: 'group', 'aria-label': t('revisions.compareGroup') },
      fromSelect,
      h('span', {}, '→'),
      toSelect,
      h('button', { class: 'compare', onclick: () => compare().catch(fail(t('revisions.compareFailed'))) }, t('revisions.compare')),
    ),
    h('button', { class: 'refresh', onclick: () => refresh().catch(fail(t('revisions.loadFailed'))) }, t('revisions.refresh')),
    h('label', { class: 'show-checkpoints-toggle' }, showAll, ` ${words.showCheckpoints}`),
    list,
  )
}
