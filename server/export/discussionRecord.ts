/**
 * The Record of Discussion of a closed round, as a Word document: the
 * heading (the meeting, its place and dates), the delegations' attendance,
 * the agenda, each clause the round changed, decided on or had on its
 * agenda — agreed (with the agreed text) or open (the text as it stands,
 * each party's bracketed position) — the decisions taken in the order they
 * were taken, the next meeting, and a block for each head of delegation.
 *
 * The alternat, as for originals: in party X's copy X is named first
 * wherever both are, X's delegation is listed first and X's head of
 * delegation signs first (left). Written in one language: its own words
 * (`recordWords.ts`), the clauses' text, numbers and party names in that
 * language's text of the closing revision, dates as the language writes
 * them. Attendance tables repeat their header row on every page and never
 * split a row, so sixty names a delegation break across pages cleanly.
 *
 * Everything the record says is fixed once the round is closed (its
 * revisions, its window of the audit trail, its attendance), so the same
 * round, party and language always give the same document.
 */

import { AlignmentType, BorderStyle, Document, Footer, HeightRule, NumberFormat, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type IParagraphStyleOptions } from 'docx'
import type { Node } from 'prosemirror-model'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'
import { clauseDecisionPhrase, type Attendee, type RoundClauseChange, type RoundDecision, type RoundRecord } from '../vocabulary/round.js'
import { numberDocument } from '../vocabulary/numbering.js'
import { clausesById, documentParts, type TextPart } from '../vocabulary/documentText.js'
import { inAlternat, namingIn, partyNamer } from '../vocabulary/partyReference.js'
import { bracketsOf } from '../vocabulary/brackets.js'
import { clauseStateOf } from '../vocabulary/clauseState.js'
import { latinDefaults, scriptOfLanguage, scriptStyles, splitByScript, styledRunOptions, withKhmerBreaks, type RunLook, type Script } from './runStyle.js'
import { a4Page } from './pageSetup.js'
import { sealPlaceholder, sealProperties } from './seal.js'
import { languageNameIn, signingDateIn } from './signingWords.js'
import { recordWordsOf, type MeetingWords, type RecordWords } from './recordWords.js'

export interface DiscussionRecordFacts {
  document: DocumentRecord
  /** The round, closed. */
  round: RoundRecord
  /** The closing revision: the text the record quotes. */
  revision: { seq: number; contentHash: string }
  /** The meeting planned after this one when it closed, or null. */
  next: Pick<RoundRecord, 'title' | 'place' | 'startDate' | 'endDate'> | null
  /** The record's language, and its text of the closing revision. */
  lang: string
  text: Node
  /** The working text of the closing revision: where each clause stands. */
  working: Node
  /** What the round did, clause by clause (see `Rounds.changes`). */
  changes: readonly RoundClauseChange[]
  /** Code of the party whose copy this is. */
  counterpart: string
}

/** The clauses a record speaks of: those the round changed or decided on, and those on its agenda, in the order of the text (removed ones last). */
export function discussedClauseIds(facts: Pick<DiscussionRecordFacts, 'round' | 'working' | 'changes'>): string[] {
  const named = new Set([...facts.changes.map((change) => change.clauseId), ...facts.round.agenda.flatMap((item) => (item.clauseId === null ? [] : [item.clauseId]))])
  const inText = [...clausesById(facts.working).keys()].filter((clauseId) => named.has(clauseId))
  const removed = facts.changes.filter((change) => change.change === 'removed' && !inText.includes(change.clauseId)).map((change) => change.clauseId)
  return [...inText, ...removed]
}

const styles = {
  heading: 'RecordHeading',
  subheading: 'RecordSubheading',
  section: 'RecordSection',
  clause: 'RecordClause',
  body: 'RecordBody',
  quoted: 'RecordQuotedText',
  listed: 'RecordListItem',
  cell: 'RecordTableText',
  signature: 'RecordSignature',
  footer: 'RecordFooter',
} as const

const indentOne = 567

/** The paragraph styles; justified text is set flush left in Khmer (see `signingCopy.ts`). */
function paragraphStyles(script: Script): IParagraphStyleOptions[] {
  const justified = script === 'khmer' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED
  const bold = { bold: true, boldComplexScript: true }
  return [
    { id: styles.heading, name: 'Record Heading', basedOn: 'Normal', next: styles.subheading, quickFormat: true, run: bold, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 120 }, keepNext: true, outlineLevel: 0 } },
    { id: styles.subheading, name: 'Record Subheading', basedOn: 'Normal', run: bold, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 120 }, keepNext: true } },
    { id: styles.section, name: 'Record Section', basedOn: 'Normal', next: styles.body, quickFormat: true, run: bold, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true, outlineLevel: 1 } },
    { id: styles.clause, name: 'Record Clause', basedOn: 'Normal', next: styles.body, run: bold, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true, outlineLevel: 2 } },
    { id: styles.body, name: 'Record Body', basedOn: 'Normal', quickFormat: true, paragraph: { alignment: justified, spacing: { after: 160 } } },
    { id: styles.quoted, name: 'Record Quoted Text', basedOn: styles.body, run: { italics: true, italicsComplexScript: true }, paragraph: { indent: { left: indentOne }, spacing: { after: 80 } } },
    { id: styles.listed, name: 'Record List Item', basedOn: styles.body, paragraph: { indent: { left: indentOne, hanging: indentOne }, leftTabStop: indentOne, spacing: { after: 80 } } },
    { id: styles.cell, name: 'Record Table Text', basedOn: 'Normal', paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0 } } },
    { id: styles.signature, name: 'Record Signature', basedOn: 'Normal', paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0 }, keepNext: true } },
    { id: styles.footer, name: 'Record Footer', basedOn: 'Normal', paragraph: { alignment: AlignmentType.CENTER } },
  ]
}

/** Half-points: the heading at 16 pt, table text at 10 pt, footers at 9 pt. */
const headingSize = 32
const cellSize = 20
const footerSize = 18

/** The record as a docx Document, with the seal property holding its placeholder. */
export function buildDiscussionRecord(facts: DiscussionRecordFacts): Document {
  const { document, round, lang, counterpart } = facts
  if (!document.parties.some((party) => party.code === counterpart)) throw new RangeError(`document ${document.id} has no party ${counterpart}`)
  const words = recordWordsOf(lang)
  const script = scriptOfLanguage(lang)
  const write = writer(script)
  const parties = inAlternat(document.parties, counterpart)
  const shortName = (code: string | null) => {
    const party = document.parties.find((candidate) => candidate.code === code)
    return party ? namingIn(party, lang).shortName : words.secretariat
  }
  const date = (day: string) => signingDateIn(lang, day)!
  const meetingOf = (meeting: Pick<RoundRecord, 'title' | 'place' | 'startDate' | 'endDate'>): MeetingWords => ({
    title: meeting.title,
    first: namingIn(parties[0]!, lang).name,
    second: namingIn(parties[1] ?? parties[0]!, lang).name,
    place: meeting.place,
    from: date(meeting.startDate),
    to: date(meeting.endDate),
  })
  const meeting = meetingOf(round)

  const numbering = numberDocument(facts.text, document.style, lang)
  const parts = new Map<string, TextPart>()
  for (const part of documentParts(facts.text, numbering, partyNamer(document.parties, lang, counterpart))) if (part.clauseId !== null) parts.set(part.clauseId, part)
  const clauseNodes = clausesById(facts.text)
  const standings = clausesById(facts.working)
  const changes = new Map(facts.changes.map((change) => [change.clauseId, change]))
  const labelOf = (clauseId: string) => parts.get(clauseId)?.label ?? changes.get(clauseId)?.label ?? clauseId

  const body: (Paragraph | Table)[] = [
    write(styles.heading, words.heading, { size: headingSize }),
    write(styles.subheading, words.meeting(meeting)),
    write(styles.subheading, `${meeting.place}, ${meeting.from === meeting.to ? meeting.from : `${meeting.from} – ${meeting.to}`}`),
    write(styles.body, words.opening(meeting)),
  ]

  body.push(write(styles.section, words.attendance))
  for (const party of parties) {
    body.push(write(styles.clause, words.delegationOf(namingIn(party, lang).name)))
    const attendees = round.attendance.filter((attendee) => attendee.party === party.code)
    body.push(attendees.length === 0 ? write(styles.body, words.noAttendees) : attendanceTable(attendees, words, write))
  }

  body.push(write(styles.section, words.agenda))
  if (round.agenda.length === 0) body.push(write(styles.body, words.noAgenda))
  round.agenda.forEach((item, index) => body.push(write(styles.listed, `${index + 1}.\t${item.clauseId === null ? item.topic : `${labelOf(item.clauseId)}: ${item.topic}`}`)))

  body.push(write(styles.section, words.discussed))
  const discussed = discussedClauseIds(facts)
  if (discussed.length === 0) body.push(write(styles.body, words.nothingDiscussed))
  for (const clauseId of discussed) {
    const part = parts.get(clauseId)
    const change = changes.get(clauseId)
    const heading = part?.heading ?? change?.heading ?? ''
    body.push(write(styles.clause, heading === '' ? labelOf(clauseId) : `${labelOf(clauseId)} ${heading}`))
    const standing = standings.get(clauseId)
    if (!part || !standing) {
      body.push(write(styles.body, words.removed))
      continue
    }
    const state = clauseStateOf(standing.attrs)
    const agreed = state.status === 'agreed'
    if (agreed) body.push(write(styles.body, words.agreed))
    else if (state.status === 'agreed-ad-referendum') body.push(write(styles.body, words.agreedAdReferendum(partyList(state.agreements.map((agreement) => agreement.party), parties, shortName, words))))
    else body.push(write(styles.body, words.open))
    body.push(write(styles.body, agreed ? words.agreedText : words.currentText))
    const lines = part.text.split('\n')
    for (const line of heading === '' ? lines : lines.slice(1)) body.push(write(styles.quoted, line))
    const brackets = bracketsOf(clauseNodes.get(clauseId)!)
    if (brackets.length > 0) {
      body.push(write(styles.body, words.positions))
      for (const bracket of brackets) {
        body.push(write(styles.listed, `•\t${bracket.alternatives.map((text, alt) => `[${text}] (${shortName(bracket.owners[alt] ?? null)})`).join(' / ')}`))
      }
    }
  }

  body.push(write(styles.section, words.decisions))
  const decisions = facts.changes
    .flatMap((change) => change.decisions.map((decision) => ({ clauseId: change.clauseId, decision })))
    .sort((a, b) => (a.decision.at < b.decision.at ? -1 : a.decision.at > b.decision.at ? 1 : 0))
  if (decisions.length === 0) body.push(write(styles.body, words.noDecisions))
  decisions.forEach(({ clauseId, decision }, index) => body.push(write(styles.listed, `${index + 1}.\t${labelOf(clauseId)}: ${decisionInWords(decision, words, lang, shortName)}`)))

  body.push(write(styles.section, words.next))
  body.push(write(styles.body, facts.next === null ? words.nextUnknown : words.nextPlanned(meetingOf(facts.next))))
  body.push(write(styles.body, words.done(round.place, date(round.endDate))))
  body.push(signatureTable(parties, round.attendance, lang, words, write))

  return new Document({
    creator: 'Counterpart',
    lastModifiedBy: 'Counterpart',
    title: `${words.heading}: ${words.meeting(meeting)}`,
    subject: `Record of Discussion of round ${round.number}, copy of the ${namingIn(parties[0]!, 'en').name}`,
    description: `Round ${round.number} of document ${document.id}, revisions ${round.openedRevision} to ${facts.revision.seq}; content hash ${facts.revision.contentHash}; language: ${lang}`,
    revision: 1,
    customProperties: [
      { name: sealProperties.documentId, value: document.id },
      { name: sealProperties.revision, value: String(facts.revision.seq) },
      { name: sealProperties.contentHash, value: facts.revision.contentHash },
      { name: sealProperties.counterpart, value: counterpart },
      { name: sealProperties.languages, value: lang },
      { name: sealProperties.round, value: String(round.number) },
      { name: sealProperties.seal, value: sealPlaceholder },
    ],
    styles: { default: { document: { run: latinDefaults } }, paragraphStyles: paragraphStyles(script), characterStyles: scriptStyles },
    sections: [
      {
        properties: { ...a4Page, page: { ...a4Page.page, pageNumbers: { start: 1, formatType: script === 'thai' ? NumberFormat.THAI_NUMBERS : NumberFormat.DECIMAL } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                style: styles.footer,
                children: [...runs(`${words.heading} · ${round.title} · ${words.page} `, script, { size: footerSize }), new TextRun({ ...styledRunOptions('', script, { size: footerSize }), children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  })
}

type Write = (style: string, text: string, look?: RunLook) => Paragraph

/** Paragraphs of plain text in a language of `script`. */
const writer =
  (script: Script): Write =>
  (style, text, look = {}) =>
    new Paragraph({ style, children: runs(text, script, look) })

/** Runs of `text`, split by script; Khmer runs with break opportunities between words in a Khmer record. */
function runs(text: string, script: Script, look: RunLook = {}): TextRun[] {
  return splitByScript(text).map((part) => new TextRun(styledRunOptions(script === 'khmer' && part.script === 'khmer' ? withKhmerBreaks(part.text) : part.text, part.script, look)))
}

/** Parties' short names joined, in the alternat's order. */
function partyList(codes: readonly string[], parties: readonly PartyRecord[], shortName: (code: string) => string, words: RecordWords): string {
  const ordered = parties.filter((party) => codes.includes(party.code)).map((party) => shortName(party.code))
  return ordered.length === 2 ? words.and(ordered[0]!, ordered[1]!) : ordered.join(', ')
}

/** A decision as the record writes it, after the clause's label. */
export function decisionInWords(decision: RoundDecision, words: RecordWords, lang: string, shortName: (code: string | null) => string): string {
  const by = shortName(decision.party)
  const details = decision.details
  const text = (name: string) => (typeof details[name] === 'string' ? (details[name] as string) : null)
  const said = clauseDecisionPhrase(decision.event)
  if (said !== null) return words.decision[said](by)
  switch (decision.event) {
    case 'bracket-resolved': {
      // Who asked for the resolution (the audit's actor is whoever accepted last), and the other parties whose acceptance it took.
      const partyIn = (entry: unknown) => (typeof (entry as { party?: unknown } | null)?.party === 'string' ? ((entry as { party: string }).party) : null)
      const asker = details.askedBy === undefined ? decision.party : partyIn(details.askedBy)
      const accepted = Array.isArray(details.acceptedBy) ? [...new Set(details.acceptedBy.map(partyIn))].filter((party) => party !== asker) : []
      return words.decision.resolved(text('proposal') ?? '', text('kept'), shortName(asker), accepted.length === 0 ? null : accepted.map(shortName).join(', '))
    }
    case 'bracket-proposed':
      return words.decision.proposed(text('text') ?? '', by)
    case 'bracket-alternative-withdrawn':
      return words.decision.alternativeWithdrawn(text('withdrawn') ?? '', by)
    case 'translation-confirmed':
      return words.decision.translationConfirmed(languageNameIn(lang, text('lang') ?? ''), by)
    default:
      return decision.event
  }
}

/** A delegation's attendance: a header row repeated on every page, then one row per person that never splits. */
function attendanceTable(attendees: readonly Attendee[], words: RecordWords, write: Write): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' }
  const widths = [7, 29, 24, 22, 18]
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map((text, index) => new TableCell({ width: { size: widths[index]!, type: WidthType.PERCENTAGE }, children: [write(styles.cell, text, { size: cellSize, bold: header || undefined })] })),
    })
  const { columns } = words
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      row([columns.number, columns.name, columns.title, columns.organisation, columns.role], true),
      ...attendees.map((attendee, index) => row([String(index + 1), attendee.name, attendee.title, attendee.organisation, attendee.role], false)),
    ],
  })
}

/** Whether an attendee is their delegation's head, by the role the attendance gives. */
const headOfDelegation = (attendee: Attendee) => /head|หัวหน้า|ប្រធាន/i.test(attendee.role)

/** The blocks the heads of delegation sign or initial: one column per party, the counterpart's first, one row per line so the lines stand level. */
function signatureTable(parties: readonly PartyRecord[], attendance: readonly Attendee[], lang: string, words: RecordWords, write: Write): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  const borders = { top: none, bottom: none, left: none, right: none }
  const heads = parties.map((party) => attendance.find((attendee) => attendee.party === party.code && headOfDelegation(attendee)) ?? null)
  const line = (texts: string[], height: number | null = null, look: RunLook = {}) =>
    new TableRow({
      cantSplit: true,
      ...(height === null ? {} : { height: { value: height, rule: HeightRule.ATLEAST } }),
      children: texts.map((text) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, borders, children: [write(styles.signature, text, look)] })),
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...borders, insideHorizontal: none, insideVertical: none },
    rows: [
      line(parties.map((party) => words.forDelegation(namingIn(party, lang).name)), null, { bold: true }),
      line(parties.map(() => ''), 1080),
      line(parties.map(() => '______________________________')),
      line(heads.map((head) => head?.name ?? words.name)),
      line(heads.map((head) => (head?.title ? `${head.title}, ${words.head}` : words.head))),
    ],
  })
}
