/**
 * A round of the negotiation in words, in the interface's language: the
 * line the header gives the round under way (or the next one), its dates
 * and state, its attendance by delegation, and what it did clause by
 * clause — the text's change and the decisions taken, each a phrase
 * ("Paragraph 6: agreed ad referendum by CNP; [30] / [60] resolved to “60”
 * by CNP, accepted by DSI"). Pure, so that the words are tested without a
 * browser (`test/unit/client/roundSummary.test.ts`).
 */

import { clauseDecisionPhrase, type Attendee, type RoundClauseChange, type RoundDecision, type RoundView } from '../../server/vocabulary/round.js'
import { formatDateSpan, formatDateTime } from './i18n/dateFormat.js'
import { isMessageKey, listOf, t } from './i18n/translator.js'
import { languageNameInInterface } from './i18n/vocabularyWords.js'

/** A party as a round's words name it: by its short name ("DSI"). */
export interface RoundParty {
  code: string
  shortName: string
}

/** The round the header names: the one open, else the next planned (the lowest-numbered); null when there is neither. */
export function roundInSight(rounds: readonly RoundView[]): { round: RoundView; open: boolean } | null {
  const open = rounds.find((round) => round.state === 'open')
  if (open) return { round: open, open: true }
  const planned = rounds.filter((round) => round.state === 'planned').sort((a, b) => a.number - b.number)[0]
  return planned ? { round: planned, open: false } : null
}

/** "Round 3 · 11th Meeting · Phnom Penh, 1–3 Mar 2027" for the round open; "Next: round 4 · …" for one planned. */
export function roundLine(round: RoundView, open: boolean): string {
  const values = { number: round.number, title: round.title, place: round.place, dates: roundDates(round) }
  return t(open ? 'rounds.header.open' : 'rounds.header.next', values)
}

/** The round's days: "1–3 Mar 2027". */
export function roundDates(round: Pick<RoundView, 'startDate' | 'endDate'>): string {
  return formatDateSpan(round.startDate, round.endDate)
}

/** "Open since 1 Mar 2027, 09:00", "Closed on 3 Mar 2027, 17:30 (opened 1 Mar 2027, 09:00)", "Planned". */
export function roundStateInWords(round: Pick<RoundView, 'state' | 'openedAt' | 'closedAt'>): string {
  return t('rounds.stateSince', {
    state: round.state,
    opened: round.openedAt ? formatDateTime(round.openedAt) : '',
    closed: round.closedAt ? formatDateTime(round.closedAt) : '',
  })
}

/** A party by its short name; null (the secretariat, the administrator, the server) as the secretariat. */
function partyInWords(code: string | null, parties: readonly RoundParty[]): string {
  if (code === null) return t('words.secretariat')
  return parties.find((party) => party.code === code)?.shortName ?? code
}

/** One decision taken about a clause during the round, as a phrase after the clause's label. */
export function decisionInWords(decision: RoundDecision, parties: readonly RoundParty[]): string {
  const by = partyInWords(decision.party, parties)
  const said = clauseDecisionPhrase(decision.event)
  if (said !== null) return t(`rounds.decision.${said}`, { by })
  const details = decision.details
  const text = (name: string) => (typeof details[name] === 'string' ? (details[name] as string) : null)
  switch (decision.event) {
    case 'bracket-resolved': {
      // Resolved by whoever asked (the entry's own party is the last to accept, when the asker needed consent).
      const askedBy = details.askedBy as { party?: unknown } | undefined
      const resolver = askedBy && (typeof askedBy.party === 'string' || askedBy.party === null) ? partyInWords(askedBy.party, parties) : by
      const accepted = Array.isArray(details.acceptedBy)
        ? [...new Set((details.acceptedBy as { party?: unknown }[]).flatMap((entry) => (typeof entry?.party === 'string' ? [entry.party] : [])))]
        : []
      const kept = text('kept')
      return t('rounds.decision.resolved', {
        proposal: text('proposal') ?? '',
        outcome: kept === null ? 'removed' : 'kept',
        kept: kept ?? '',
        by: resolver,
        accepted: accepted.length === 0 ? 'none' : listOf(accepted.map((code) => partyInWords(code, parties)), 'and'),
      })
    }
    case 'bracket-alternative-withdrawn':
      return t('rounds.decision.alternativeWithdrawn', { text: text('withdrawn') ?? '', by })
    case 'translation-confirmed':
      return t('rounds.decision.translationConfirmed', { language: languageNameInInterface(text('lang') ?? ''), by })
    default: {
      const key = `audit.event.${decision.event}`
      return t('rounds.decision.other', { event: isMessageKey(key) ? t(key) : decision.event, by })
    }
  }
}

/** What happened to the clause's text ("text changed by DSI"), or null when the round left its text as it was. */
export function textChangeInWords(change: Pick<RoundClauseChange, 'change' | 'changedBy'>, parties: readonly RoundParty[]): string | null {
  if (change.change === 'unchanged') return null
  const by = change.changedBy.length === 0 ? 'none' : listOf(change.changedBy.map((code) => partyInWords(code, parties)), 'and')
  return t('rounds.change.text', { change: change.change, by })
}

/**
 * What the round did to one clause, as one line: its label (the caller's
 * — the interface's number for the clause now, or the server's), then the
 * text's change and each decision in the order taken.
 */
export function clauseChangeInWords(change: RoundClauseChange, parties: readonly RoundParty[], label: string = change.label): string {
  const facts = [textChangeInWords(change, parties), ...change.decisions.map((decision) => decisionInWords(decision, parties))].filter((fact): fact is string => fact !== null)
  return t('rounds.clauseChange', { label, facts: facts.join(t('rounds.factSeparator')) })
}

/** A round's attendance by delegation, in the parties' order (each party listed, if only to say nobody is), anyone of another party after. */
export function attendanceByDelegation(attendance: readonly Attendee[], parties: readonly RoundParty[]): { party: string; name: string; attendees: Attendee[] }[] {
  const groups = parties.map((party) => ({ party: party.code, name: party.shortName, attendees: attendance.filter((attendee) => attendee.party === party.code) }))
  const others = [...new Set(attendance.map((attendee) => attendee.party))].filter((code) => !parties.some((party) => party.code === code))
  return [...groups, ...others.map((code) => ({ party: code, name: code, attendees: attendance.filter((attendee) => attendee.party === code) }))]
}
