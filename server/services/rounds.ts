/**
 * Rounds: the secretariat plans a round (its title, place, dates,
 * attendance and agenda), opens it — the text as it stands recorded as a
 * revision — and closes it, recording another. A head of delegation sets
 * who attends for their own party. What the round changed is what lies
 * between its two revisions, read from the version log when asked, never
 * kept twice.
 */

import { requireAttendanceOf, requireRoundKeeping, type Principal } from '../access/principal.js'
import { conflict, invalid, notFound } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import { isCalendarDate, maxAgendaItems, maxAttendees, roundRevisionLabel, roundState, type AgendaItem, type Attendee, type RoundClauseChange, type RoundDecision, type RoundRecord, type RoundStepName } from '../vocabulary/round.js'
import { contentFragmentName } from '../vocabulary/documentRoots.js'
import { clauseElements } from '../mou/contentCodec.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { RoundStore } from '../storage/roundStore.js'
import type { AuditTrail } from './auditTrail.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'
import type { VersionHistory } from './versionHistory.js'

/** A round as the secretariat plans it. */
export type RoundRequest = Pick<RoundRecord, 'title' | 'place' | 'startDate' | 'endDate' | 'attendance' | 'agenda'>

export class Rounds {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly store: RoundStore,
    private readonly history: Pick<VersionHistory, 'create' | 'compare'>,
    private readonly editor: Pick<DocumentEditor, 'read'>,
    private readonly audit: Pick<AuditTrail, 'record' | 'read'>,
  ) {}

  /** Plans the document's next round. */
  async plan(principal: Principal, documentId: string, request: RoundRequest): Promise<RoundRecord> {
    requireRoundKeeping(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    checkDates(request.startDate, request.endDate)
    checkAttendance(document, request.attendance)
    await this.checkAgenda(documentId, request.agenda)
    const round = await this.store.create({ documentId, ...request, createdBy: principal.kind === 'member' ? principal.member.id : null })
    await this.audit.record(documentId, principal, { event: 'round-planned', details: { round: round.number, title: round.title } })
    return round
  }

  /** Every round of the document, by number. */
  async list(principal: Principal, documentId: string): Promise<RoundRecord[]> {
    await this.catalog.get(principal, documentId)
    return this.store.list(documentId)
  }

  async get(principal: Principal, documentId: string, number: number): Promise<RoundRecord> {
    await this.catalog.get(principal, documentId)
    return this.existing(documentId, number)
  }

  /**
   * What round `number` did, clause by clause (null while it is planned):
   * the compare of its opening revision with its closing one (the live text
   * while it is open), and the decisions the audit trail records about each
   * clause meanwhile, as `principal` may read them.
   */
  async changes(principal: Principal, documentId: string, round: RoundRecord): Promise<RoundClauseChange[] | null> {
    if (round.openedRevision === null) return null
    const [{ comparison }, entries] = await Promise.all([
      this.history.compare(principal, documentId, round.openedRevision, round.closedRevision ?? 'live'),
      this.audit.read(principal, documentId, { from: round.openedAt!, to: round.closedAt }),
    ])
    const decisions = new Map<string, RoundDecision[]>()
    for (const entry of entries) {
      if (entry.clauseId === null || !decisionEvents.test(entry.event)) continue
      let decided = decisions.get(entry.clauseId)
      if (!decided) decisions.set(entry.clauseId, (decided = []))
      decided.push({ event: entry.event, at: entry.at.toISOString(), party: entry.actorParty, details: entry.details })
    }
    const changes: RoundClauseChange[] = []
    for (const clause of comparison.clauses) {
      const side = clause.to ?? clause.from
      if (clause.id === null || side === null) continue
      const decided = decisions.get(clause.id) ?? []
      if (clause.change === 'unchanged' && decided.length === 0) continue
      const parties = new Set((clause.diff ?? []).flatMap((run) => (run.op !== 'equal' && run.author?.party ? [run.author.party] : [])))
      changes.push({ clauseId: clause.id, label: side.label, heading: side.heading, change: clause.change, changedBy: [...parties].sort(), decisions: decided })
    }
    return changes
  }

  /** Opens a planned round, recording the text as it stands; refused while another round is open. */
  async open(principal: Principal, documentId: string, number: number): Promise<RoundRecord> {
    return this.step(principal, documentId, number, {
      from: 'planned',
      before: async () => {
        const open = await this.store.open(documentId)
        if (open) throw conflict(refusal('refusal.round.anotherOpen', { open: open.number, round: number }))
      },
      label: 'opening',
      mark: async (revision) => {
        const opened = await this.store.markOpened(documentId, number, revision, new Date())
        if (opened === 'another open') throw conflict(refusal('refusal.round.openedMeanwhile', { document: documentId }))
        return opened
      },
      done: 'opened',
    })
  }

  /** Closes the open round, recording the text as it stands. */
  async close(principal: Principal, documentId: string, number: number): Promise<RoundRecord> {
    return this.step(principal, documentId, number, {
      from: 'open',
      label: 'closing',
      mark: (revision) => this.store.markClosed(documentId, number, revision, new Date()),
      done: 'closed',
    })
  }

  /** Moves round `number` on from `step.from`, recording the text as it stands as the step's revision; audited. */
  private async step(principal: Principal, documentId: string, number: number, step: RoundStep): Promise<RoundRecord> {
    requireRoundKeeping(principal, documentId)
    await this.catalog.get(principal, documentId)
    const round = await this.existing(documentId, number)
    if (roundState(round) !== step.from) throw conflict(refusal('refusal.round.notInState', { round: number, state: roundState(round), step: step.label }))
    await step.before?.()
    const revision = await this.history.create(principal, documentId, { label: roundRevisionLabel(step.label, number), note: describe(round) })
    const moved = await step.mark(revision.seq)
    if (!moved) throw conflict(refusal('refusal.round.steppedMeanwhile', { round: number, step: step.label }))
    await this.audit.record(documentId, principal, { event: `round-${step.done}`, details: { round: number, revision: revision.seq } })
    return moved
  }

  /** Replaces who attends round `number` for `party` (the secretariat, or that party's head of delegation), until the round is closed. */
  async setAttendance(principal: Principal, documentId: string, number: number, party: string, attendees: Attendee[]): Promise<RoundRecord> {
    requireAttendanceOf(principal, documentId, party)
    const document = await this.catalog.get(principal, documentId)
    const wrong = attendees.findIndex((attendee) => attendee.party !== party)
    if (wrong >= 0) throw invalid(`attendance[${wrong}] is for ${attendees[wrong]!.party}: this list is ${party}'s`)
    const round = await this.existing(documentId, number)
    if (roundState(round) === 'closed') throw conflict(refusal('refusal.round.attendanceClosed', { round: number }))
    checkAttendance(document, [...round.attendance.filter((attendee) => attendee.party !== party), ...attendees])
    const changed = await this.store.replaceAttendance(documentId, number, party, attendees)
    if (!changed) throw notFound(`document ${documentId} has no round ${number}`)
    await this.audit.record(documentId, principal, { event: 'round-attendance-set', details: { round: number, party, attendees: attendees.length } })
    return changed
  }

  private async existing(documentId: string, number: number): Promise<RoundRecord> {
    const round = await this.store.get(documentId, number)
    if (!round) throw notFound(`document ${documentId} has no round ${number}`)
    return round
  }

  /** Every clause an agenda item names is a clause of the working text. */
  private async checkAgenda(documentId: string, agenda: readonly AgendaItem[]): Promise<void> {
    if (agenda.length > maxAgendaItems) throw invalid(`field "agenda" must list at most ${maxAgendaItems} items (got ${agenda.length})`)
    if (agenda.every((item) => item.clauseId === null)) return
    const clauseIds = await this.editor.read(documentId, (doc) => new Set(clauseElements(doc.getXmlFragment(contentFragmentName)).map((clause) => clause.getAttribute('id'))))
    const unknown = agenda.findIndex((item) => item.clauseId !== null && !clauseIds.has(item.clauseId))
    if (unknown >= 0) throw invalid(refusal('refusal.round.agendaClauseGone', { index: unknown, clause: agenda[unknown]!.clauseId! }))
  }
}

function checkDates(startDate: string, endDate: string): void {
  for (const [name, value] of [['startDate', startDate], ['endDate', endDate]] as const) {
    if (!isCalendarDate(value)) throw invalid(`field "${name}" must be a date written YYYY-MM-DD (got ${JSON.stringify(value)})`)
  }
  if (endDate < startDate) throw invalid(refusal('refusal.round.endBeforeStart', { end: endDate, start: startDate }))
}

function checkAttendance(document: DocumentRecord, attendance: readonly Attendee[]): void {
  if (attendance.length > maxAttendees) throw invalid(refusal('refusal.round.tooManyAttendees', { max: maxAttendees, count: attendance.length }))
  const parties = document.parties.map((party) => party.code)
  const stranger = attendance.findIndex((attendee) => !parties.includes(attendee.party))
  if (stranger >= 0) throw invalid(`attendance[${stranger}].party must be ${parties.map((code) => `"${code}"`).join(' or ')} (got ${JSON.stringify(attendance[stranger]!.party)})`)
}

/** The audit events that are decisions about a clause: status moves, brackets proposed from a delegation's draft, resolved or withdrawn, translations confirmed, a clause deleted. */
const decisionEvents = /^(clause-|bracket-proposed$|bracket-resolved$|bracket-alternative-withdrawn$|translation-confirmed$)/

/** A round opened or closed: the state it leaves, what is checked first, its revision's label, how it is marked. */
interface RoundStep {
  from: 'planned' | 'open'
  before?: () => Promise<void>
  label: RoundStepName
  mark: (revision: number) => Promise<RoundRecord | null>
  done: 'opened' | 'closed'
}

const describe = (round: RoundRecord) => `${round.title}, ${round.place}, ${round.startDate} to ${round.endDate}`
