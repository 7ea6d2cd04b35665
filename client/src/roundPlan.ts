/**
 * A round as the secretariat plans it in the page: the fields of "Plan a
 * round" read into what `POST …/rounds` takes — title, place, dates, and an
 * agenda of the clauses picked (in the text's order, each with its topic)
 * followed by the free topics, one a line — or what is missing or wrong, in
 * words. Pure, so that it is tested without a browser
 * (`test/unit/client/roundPlan.test.ts`).
 */

import type { RoundPlan } from './api.js'
import { isCalendarDate, maxAgendaItems, type AgendaItem } from '../../server/vocabulary/round.js'
import { t } from './i18n/translator.js'

/** The plan's fields as typed; dates as a date field gives them (YYYY-MM-DD, or "" until complete). */
export interface PlanFields {
  title: string
  place: string
  startDate: string
  endDate: string
  /** The clauses picked for the agenda, in the text's order, with the topic each is discussed under and its label for the words. */
  clauses: readonly { clauseId: string; label: string; topic: string }[]
  /** Topics of their own, one a line. */
  topics: string
}

/** The longest each field may be, as the server takes them. */
export const planLimits = { title: 300, place: 200, topic: 500 } as const

export type PlanProblem =
  | { kind: 'missing'; field: 'title' | 'place' | 'startDate' | 'endDate' }
  | { kind: 'tooLong'; field: 'title' | 'place'; max: number }
  | { kind: 'endBeforeStart' }
  | { kind: 'clauseTopic'; label: string }
  | { kind: 'clauseTopicTooLong'; label: string; max: number }
  | { kind: 'topicTooLong'; topic: string; max: number }
  | { kind: 'tooManyItems'; count: number; max: number }

/** The plan the fields make, or every problem with them. */
export function readRoundPlan(fields: PlanFields): { plan: RoundPlan; problems: [] } | { plan: null; problems: PlanProblem[] } {
  const problems: PlanProblem[] = []
  const title = tidy(fields.title)
  const place = tidy(fields.place)
  for (const [field, value] of [['title', title], ['place', place]] as const) {
    if (value === '') problems.push({ kind: 'missing', field })
    else if (value.length > planLimits[field]) problems.push({ kind: 'tooLong', field, max: planLimits[field] })
  }
  for (const field of ['startDate', 'endDate'] as const) if (!isCalendarDate(fields[field])) problems.push({ kind: 'missing', field })
  if (isCalendarDate(fields.startDate) && isCalendarDate(fields.endDate) && fields.endDate < fields.startDate) problems.push({ kind: 'endBeforeStart' })
  const agenda: AgendaItem[] = []
  for (const clause of fields.clauses) {
    const topic = tidy(clause.topic)
    if (topic === '') problems.push({ kind: 'clauseTopic', label: clause.label })
    else if (topic.length > planLimits.topic) problems.push({ kind: 'clauseTopicTooLong', label: clause.label, max: planLimits.topic })
    agenda.push({ clauseId: clause.clauseId, topic })
  }
  for (const line of fields.topics.split(/\r\n|\r|\n/)) {
    const topic = tidy(line)
    if (topic === '') continue
    if (topic.length > planLimits.topic) problems.push({ kind: 'topicTooLong', topic: `${topic.slice(0, 40)}…`, max: planLimits.topic })
    agenda.push({ clauseId: null, topic })
  }
  if (agenda.length > maxAgendaItems) problems.push({ kind: 'tooManyItems', count: agenda.length, max: maxAgendaItems })
  if (problems.length > 0) return { plan: null, problems }
  return { plan: { title, place, startDate: fields.startDate, endDate: fields.endDate, agenda }, problems: [] }
}

/** A problem of the plan in words ("Give the round a place."). */
export function planProblemInWords(problem: PlanProblem): string {
  switch (problem.kind) {
    case 'missing':
      return t('rounds.plan.problem.missing', { field: problem.field })
    case 'tooLong':
      return t('rounds.plan.problem.tooLong', { field: problem.field, max: problem.max })
    case 'endBeforeStart':
      return t('rounds.plan.problem.endBeforeStart')
    case 'clauseTopic':
      return t('rounds.plan.problem.clauseTopic', { label: problem.label })
    case 'clauseTopicTooLong':
      return t('rounds.plan.problem.clauseTopicTooLong', { label: problem.label, max: problem.max })
    case 'topicTooLong':
      return t('rounds.plan.problem.topicTooLong', { topic: problem.topic, max: problem.max })
    case 'tooManyItems':
      return t('rounds.plan.problem.tooManyItems', { count: problem.count, max: problem.max })
  }
}

/** A field's text as it is sent: spaces run together and trimmed. */
const tidy = (text: string) => text.replace(/\s+/gu, ' ').trim()
