/**
 * "Plan a round", for the secretariat: a dialog asking the meeting's
 * title, place, first and last days, and its agenda — clauses of the text
 * ticked in a list that names them as the page does ("Paragraph 4 · Time
 * limits"), each under a topic (its heading unless another is typed), and
 * topics of their own, one a line. Checked as the server checks it
 * (`roundPlan.ts`) before it is sent; a refusal is said in the dialog,
 * which stays open with what was typed.
 */

import type { Api } from '../api.js'
import type { RoundView } from '../../../server/vocabulary/round.js'
import { h, replaceChildren } from '../dom.js'
import { planLimits, planProblemInWords, readRoundPlan } from '../roundPlan.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { openModal } from './modal.js'
import type { Notices } from './notices.js'

/** A clause as the agenda offers it: its id, its label as the page numbers it, its heading. */
export interface AgendaClause {
  id: string
  label: string
  heading: string
}

export interface RoundPlannerOptions {
  api: Api
  notices: Notices
  /** The clauses of the text, in order. */
  clauses: readonly AgendaClause[]
  /** Told the round once the server has planned it. */
  onPlanned: (round: RoundView) => void
}

/** Opens the dialog; it closes itself once the round is planned, or on Cancel. */
export function openRoundPlanner({ api, notices, clauses, onPlanned }: RoundPlannerOptions): HTMLDialogElement {
  const field = (name: 'title' | 'place' | 'startDate' | 'endDate', input: HTMLElement) => h('label', { class: `plan-field plan-${name}` }, h('span', {}, t(`rounds.plan.field.${name}`)), input)
  const title = h('input', { type: 'text', name: 'title', maxlength: planLimits.title, required: true, autocomplete: 'off' })
  const place = h('input', { type: 'text', name: 'place', maxlength: planLimits.place, required: true })
  const startDate = h('input', { type: 'date', name: 'startDate', required: true })
  const endDate = h('input', { type: 'date', name: 'endDate', required: true })
  // The last day follows the first until it is chosen itself.
  startDate.addEventListener('change', () => {
    if (endDate.value === '' || endDate.value < startDate.value) endDate.value = startDate.value
  })
  const picks = clauses.map((clause) => {
    const topic = h('input', { type: 'text', class: 'agenda-topic', maxlength: planLimits.topic, value: clause.heading || clause.label, 'aria-label': t('rounds.plan.clauseTopic', { label: clause.label }) })
    topic.hidden = true
    const box = h('input', { type: 'checkbox', class: 'agenda-pick', value: clause.id, onchange: () => (topic.hidden = !box.checked) })
    return {
      clause,
      box,
      topic,
      element: h(
        'li',
        { 'data-clause-id': clause.id },
        h('label', { class: 'agenda-clause' }, box, h('span', { class: 'agenda-label' }, clause.label), clause.heading ? [' ', h('span', { class: 'agenda-heading' }, clause.heading)] : null),
        topic,
      ),
    }
  })
  const topics = h('textarea', { name: 'topics', rows: 3, placeholder: t('rounds.plan.topicsExample') })
  const problems = h('div', { class: 'plan-problems', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'confirm-plan' }, t('rounds.plan.submit'))
  const form = h(
    'form',
    { class: 'round-plan', novalidate: true },
    field('title', title),
    field('place', place),
    h('div', { class: 'plan-dates' }, field('startDate', startDate), field('endDate', endDate)),
    h(
      'fieldset',
      { class: 'plan-agenda' },
      h('legend', {}, t('rounds.plan.agenda')),
      h('p', { class: 'hint' }, t('rounds.plan.agendaHint')),
      clauses.length === 0 ? h('p', { class: 'empty' }, t('rounds.plan.noClauses')) : h('ul', { class: 'agenda-clauses' }, picks.map((pick) => pick.element)),
      h('label', { class: 'plan-field plan-topics' }, h('span', {}, t('rounds.plan.topics')), topics),
    ),
    problems,
    h('p', { class: 'modal-actions' }, submit, h('button', { type: 'button', class: 'cancel-plan', onclick: () => dialog.close() }, t('rounds.plan.cancel'))),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const read = readRoundPlan({
      title: title.value,
      place: place.value,
      startDate: startDate.value,
      endDate: endDate.value,
      clauses: picks.filter((pick) => pick.box.checked).map((pick) => ({ clauseId: pick.clause.id, label: pick.clause.label, topic: pick.topic.value })),
      topics: topics.value,
    })
    if (read.plan === null) {
      replaceChildren(problems, h('ul', {}, read.problems.map((problem) => h('li', {}, planProblemInWords(problem)))))
      return
    }
    const plan = read.plan
    replaceChildren(problems)
    submit.disabled = true
    api.planRound(plan).then(
      (round) => {
        dialog.close()
        notices.show(t('rounds.planned', { number: round.number, title: round.title }))
        onPlanned(round)
      },
      (error: unknown) => {
        submit.disabled = false
        replaceChildren(problems, h('p', {}, t('rounds.plan.refused', { reason: reasonOf(error) })))
      },
    )
  })
  const dialog = openModal(t('rounds.plan.heading'), form)
  title.focus()
  return dialog
}
