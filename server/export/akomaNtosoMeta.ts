/**
 * The `meta` of an Akoma Ntoso expression of a negotiated text, and the
 * facts every part of the expression is written from:
 *
 * - `identification`: the work (both parties its authors, the date the
 *   negotiation began, the first-named party's code as its country), the
 *   expression (its language, authoritative like every authentic text, the
 *   working language's expression as its master — the one whose ids the
 *   others share), the manifestation (by Counterpart, the text's content
 *   hash as the alias `contentHash`);
 * - `workflow`: a step for each agreement and agreement ad referendum of a
 *   clause or part, and for each round opened and closed by then, by time;
 * - `references`: Counterpart, the parties, the secretariat, the
 *   signatories, the rounds and the workflow's outcomes;
 * - `proprietary`: the document, the revision, the working and prevailing
 *   languages, in Counterpart's namespace (AKN has no property for which
 *   text prevails).
 */

import type { Node } from 'prosemirror-model'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'
import { inAlternat, namingIn } from '../vocabulary/partyReference.js'
import { clauseStateOf, type Agreement } from '../vocabulary/clauseState.js'
import { signatoryIn, type SigningSettings } from '../vocabulary/signing.js'
import type { RoundRecord } from '../vocabulary/round.js'
import type { StateRef } from '../vocabulary/revision.js'
import { negotiatedParts } from '../vocabulary/schema.js'
import { clauseEIdAt, docNameOf, expressionLanguage, partEIds, partyEId, signatoryEId, signatoryRoleEId } from './akomaNtosoNames.js'
import { element, type XmlElement } from './xmlWriter.js'

/** The MIME type of an AKN XML file. */
export const aknType = 'application/akn+xml'

/** What an AKN expression of a negotiated text is written from. */
export interface AkomaNtosoFacts {
  document: DocumentRecord
  /** The state exported: a revision's number, or 'live'; the content hash of its working text; when it was recorded (now, for the live text). */
  state: { ref: StateRef; contentHash: string; date: Date }
  /** Every authentic text of the state, the working language's first, in the document's order. */
  texts: readonly { lang: string; content: Node }[]
  /** What is set for signature: the testimonium's place, date, originals and prevailing language, the signatories. */
  settings: SigningSettings
  /** The rounds the workflow records: each opening and closing whose revision is part of the state. */
  rounds: readonly RoundRecord[]
}

/** The work's IRI: `/akn/<country>/doc/<name>/<date>/<document id>`. */
export function workIri(document: DocumentRecord): string {
  const first = inAlternat(document.parties, null)[0]
  return `/akn/${(first?.code ?? 'xx').toLowerCase()}/doc/${docNameOf(document.style)}/${isoDate(document.createdAt)}/${document.id}`
}

/** The expression's IRI in `lang` at `ref`: `<work>/<language>@r<seq>` (`@live` for the live text). */
export function expressionIri(document: DocumentRecord, lang: string, ref: StateRef): string {
  return `${workIri(document)}/${expressionLanguage(lang)}@${ref === 'live' ? 'live' : `r${ref}`}`
}

const roundEId = (number: number) => `round_${number}`
const source = '#counterpart'

/** The workflow's outcomes, as concepts in `references`. */
const outcomes = {
  agreedAdReferendum: 'agreed ad referendum',
  agreed: 'agreed',
  roundOpened: 'round opened',
  roundClosed: 'round closed',
} as const
type Outcome = keyof typeof outcomes

interface Step {
  at: string
  by: string
  outcome: Outcome
  refersTo: string | null
  href: string
}

export function metaOf(facts: AkomaNtosoFacts, lang: string, working: Node): XmlElement {
  const { document, state } = facts
  const work = workIri(document)
  const expression = expressionIri(document, lang, state.ref)
  const workingLanguage = facts.texts[0]!.lang
  const parties = inAlternat(document.parties, null)
  const authors = parties.map((party) => element('FRBRauthor', [['href', `#${partyEId(party.code)}`]]))
  const date = isoDate(state.date)
  const steps = workflowSteps(facts, lang, working)
  return element('meta', [], [
    element('identification', [['source', source]], [
      element('FRBRWork', [], [
        element('FRBRthis', [['value', `${work}/!main`]]),
        element('FRBRuri', [['value', work]]),
        element('FRBRdate', [['date', isoDate(document.createdAt)], ['name', 'negotiationOpened']]),
        ...authors,
        element('FRBRcountry', [['value', (parties[0]?.code ?? 'xx').toLowerCase()]]),
        element('FRBRsubtype', [['value', docNameOf(document.style)]]),
        element('FRBRnumber', [['value', document.id]]),
        element('FRBRname', [['value', document.title]]),
      ]),
      element('FRBRExpression', [], [
        element('FRBRthis', [['value', `${expression}/!main`]]),
        element('FRBRuri', [['value', expression]]),
        element('FRBRdate', [['date', date], ['name', state.ref === 'live' ? 'liveText' : 'revision']]),
        ...authors,
        element('FRBRversionNumber', [['value', state.ref === 'live' ? 'live' : String(state.ref)]]),
        // Every language text is authentic; the working language's is the master whose ids the others share.
        element('FRBRauthoritative', [['value', 'true']]),
        lang === workingLanguage ? null : element('FRBRmasterExpression', [['href', expressionIri(document, workingLanguage, state.ref)]]),
        element('FRBRlanguage', [['language', expressionLanguage(lang)]]),
      ]),
      element('FRBRManifestation', [], [
        element('FRBRthis', [['value', `${expression}/!main.xml`]]),
        element('FRBRuri', [['value', `${expression}.akn`]]),
        element('FRBRalias', [['value', `sha256:${state.contentHash}`], ['name', 'contentHash']]),
        element('FRBRdate', [['date', date], ['name', 'generation']]),
        element('FRBRauthor', [['href', source]]),
        element('FRBRformat', [['value', aknType]]),
      ]),
    ]),
    steps.length === 0
      ? null
      : element(
          'workflow',
          [['source', source]],
          steps.map((step) => element('step', [['date', step.at], ['by', step.by], ['refersTo', step.refersTo], ['outcome', `#${step.outcome}`], ['href', step.href]])),
        ),
    element('references', [['source', source]], referencesOf(facts, lang, parties)),
    element('proprietary', [['source', source]], [
      element('cp:negotiation', [
        ['document', document.id],
        ['revision', state.ref === 'live' ? 'live' : String(state.ref)],
        ['style', document.style],
        ['workingLanguage', workingLanguage],
        ['prevailingLanguage', facts.settings.prevailingLanguage],
      ], facts.texts.map((text) => element('cp:text', [
        ['language', text.lang],
        ['expression', expressionIri(document, text.lang, state.ref)],
        ['authentic', 'true'],
        ['prevailing', text.lang === facts.settings.prevailingLanguage ? 'true' : null],
      ]))),
    ]),
  ])
}

/** The workflow: every agreement recorded on the clauses and parts of the working text, then the rounds' openings and closings, by time. */
function workflowSteps(facts: AkomaNtosoFacts, lang: string, working: Node): Step[] {
  const { document } = facts
  const steps: Step[] = []
  const agreed = (attrs: Record<string, unknown>, eId: string) => {
    const state = clauseStateOf(attrs)
    state.agreements.forEach((agreement: Agreement, index) => {
      const full = index === state.agreements.length - 1 && state.status === 'agreed'
      steps.push({ at: isoDateTime(agreement.at), by: `#${partyEId(agreement.party)}`, outcome: full ? 'agreed' : 'agreedAdReferendum', refersTo: null, href: `#${eId}` })
    })
  }
  working.forEach((child, _offset, index) => {
    if (child.type.name === 'clause') agreed(child.attrs, clauseEIdAt(document.style, child.attrs.id, index))
    else if (Object.hasOwn(negotiatedParts, child.type.name)) agreed(child.attrs, partEIds[child.attrs.id as string]!)
  })
  for (const round of facts.rounds) {
    const opened = round.openedAt && round.openedRevision !== null
    if (opened) steps.push({ at: isoDateTime(round.openedAt!.toISOString()), by: '#secretariat', outcome: 'roundOpened', refersTo: `#${roundEId(round.number)}`, href: expressionIri(document, lang, round.openedRevision!) })
    if (opened && round.closedAt && round.closedRevision !== null) {
      steps.push({ at: isoDateTime(round.closedAt.toISOString()), by: '#secretariat', outcome: 'roundClosed', refersTo: `#${roundEId(round.number)}`, href: expressionIri(document, lang, round.closedRevision) })
    }
  }
  // Stable: steps of the same instant keep the order of the text.
  return steps.map((step, index) => ({ step, index })).sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : a.index - b.index)).map(({ step }) => step)
}

/** What the document refers to outside itself: Counterpart, the parties, the secretariat, the signatories, the rounds, the workflow's outcomes. */
function referencesOf(facts: AkomaNtosoFacts, lang: string, parties: readonly PartyRecord[]): XmlElement[] {
  const { document, settings } = facts
  const tlc = (kind: string, eId: string, href: string, showAs: string) => element(kind, [['eId', eId], ['href', href], ['showAs', showAs]])
  const references = [
    tlc('TLCOrganization', 'counterpart', '/ontology/organization/counterpart', 'Counterpart'),
    ...parties.map((party) => tlc('TLCOrganization', partyEId(party.code), `/ontology/organization/${document.id}/party/${party.code}`, namingIn(party, lang).name)),
    tlc('TLCOrganization', 'secretariat', `/ontology/organization/${document.id}/secretariat`, 'Joint Secretariat'),
  ]
  for (const party of parties) {
    const signatory = signatoryIn(settings, party.code, lang, document.languages.working)
    if (!signatory) continue
    references.push(tlc('TLCPerson', signatoryEId(party.code), `/ontology/person/${document.id}/signatory/${party.code}`, signatory.name))
    references.push(tlc('TLCRole', signatoryRoleEId(party.code), `/ontology/role/${document.id}/signatory/${party.code}`, signatory.title))
  }
  for (const round of facts.rounds) {
    references.push(tlc('TLCEvent', roundEId(round.number), `/ontology/event/${document.id}/round/${round.number}`, `${round.title}, ${round.place}`))
  }
  for (const [eId, showAs] of Object.entries(outcomes)) references.push(tlc('TLCConcept', eId, `/ontology/concept/counterpart/${eId}`, showAs))
  return references
}

/** A date as `YYYY-MM-DD`, in UTC. */
const isoDate = (date: Date) => date.toISOString().slice(0, 10)

/** An ISO 8601 instant as an xsd:dateTime in UTC, to the millisecond, as recorded (an unreadable one as the epoch, which no agreement has). */
function isoDateTime(at: string): string {
  const date = new Date(at)
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString()
}
