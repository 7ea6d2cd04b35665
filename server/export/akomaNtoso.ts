/**
 * A negotiated text as Akoma Ntoso 3.0 (OASIS LegalDocML): each authentic
 * language text one expression, a `doc` named `memorandumOfUnderstanding`
 * (`agreement` for a treaty), in the order the schema sets — `meta`,
 * `preface`, `preamble`, `mainBody`, `conclusions`:
 *
 * - `meta/identification`: the work (both parties its authors, the date the
 *   negotiation began, the first-named party's code as its country), the
 *   expression (its language, authoritative like every authentic text, the
 *   working language's expression as its master), the manifestation
 *   (Counterpart, and the text's content hash as an alias);
 *   `meta/workflow`: a step for each agreement and agreement ad referendum
 *   of a clause or part, and for each round opened and closed by then;
 *   `meta/references`: the parties, the secretariat, Counterpart, the
 *   signatories, rounds and statuses the rest refers to; `meta/proprietary`:
 *   the document, revision and the prevailing language, in Counterpart's
 *   namespace;
 * - `preface/longTitle`: the title; `preamble`: recitals and the formula;
 * - `mainBody`: one `article` (treaty) or `paragraph` (memorandum) per
 *   clause, its `eId` derived from the clause id (`akomaNtosoNames.ts`), its
 *   number and heading in `num` and `heading`; plain paragraphs as
 *   `content/p`, or, beside numbered paragraphs and sub-paragraphs, as
 *   `alinea`; numbered paragraphs as `paragraph` (treaty) or
 *   `subparagraph` (memorandum), sub-paragraphs as `point`, each with its
 *   `num` in the text's own words and digits;
 * - `conclusions`: the final provisions, the testimonium in the text's
 *   language and a signature per party.
 *
 * Inline: bold, italic and underline as `b`, `i`, `u`; a reference to a
 * clause as `ref` whose `href` is that clause's eId (a clause that no longer
 * exists as `inline name="missingReference"`); a party named by reference
 * as `organization` referring to the party; bracketed text as `inline
 * name="bracket"` referring to its owner, every alternative after the first
 * carrying `alternativeTo` the first's eId.
 *
 * The same facts always give the same bytes.
 */

import type { Mark, Node } from 'prosemirror-model'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'
import { numberDocument, type Numbering } from '../vocabulary/numbering.js'
import { inAlternat, namingIn, partyNamer, referenceOf, type PartyNamer } from '../vocabulary/partyReference.js'
import { clauseStateOf, type Agreement } from '../vocabulary/clauseState.js'
import { placeIn, signatoryIn, type SigningSettings } from '../vocabulary/signing.js'
import type { RoundRecord } from '../vocabulary/round.js'
import type { StateRef } from '../vocabulary/revision.js'
import { negotiatedParts } from '../vocabulary/schema.js'
import { testimoniumIn, wordsOf } from './signingWords.js'
import {
  aknNamespace,
  clauseEId,
  clauseElementOf,
  counterpartNamespace,
  docNameOf,
  eIdPart,
  eIdPrefixes,
  expressionLanguage,
  numberedElementOf,
  partEIds,
} from './akomaNtosoNames.js'
import { element, phrase, writeXml, type XmlElement, type XmlNode } from './xmlWriter.js'

/** The MIME type of an AKN XML file. */
export const aknType = 'application/akn+xml'

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

/** Throws a RangeError unless `lang` is one of the texts of `facts`. */
function textIn(facts: AkomaNtosoFacts, lang: string): Node {
  const text = facts.texts.find((candidate) => candidate.lang === lang)
  if (!text) throw new RangeError(`no text in "${lang}" among ${facts.texts.map((candidate) => candidate.lang).join(', ')}`)
  return text.content
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

/** The expression of `facts` in `lang` (one of its texts) as an AKN XML document. Throws a RangeError for a language it has no text in. */
export function akomaNtosoExpression(facts: AkomaNtosoFacts, lang: string): string {
  const content = textIn(facts, lang)
  const { document } = facts
  const working = facts.texts[0]!.content
  const context: TextContext = {
    facts,
    lang,
    numbering: numberDocument(content, document.style, lang),
    nameParty: partyNamer(document.parties, lang),
    brackets: new Map(),
    mainAlternatives: mainAlternatives(content, document),
  }
  const body: XmlElement[] = []
  let title: XmlElement | null = null
  let preamble: XmlElement | null = null
  let finals: Node | null = null
  content.forEach((child, offset, index) => {
    switch (child.type.name) {
      case 'title':
        title = element('preface', [], [element('longTitle', [['eId', partEIds.title]], [phrase('p', [], [phrase('docTitle', [], inlineContent(child, context, partEIds.title!))])])])
        break
      case 'preamble':
        preamble = preambleOf(child, context)
        break
      case 'clause':
        body.push(clauseOf(child, offset, clauseEIdOf(document, child, index), context))
        break
      case 'final_provisions':
        finals = child
        break
    }
  })
  const root = element('akomaNtoso', [['xmlns', aknNamespace], ['xmlns:cp', counterpartNamespace]], [
    element('doc', [['name', docNameOf(document.style)], ['xml:lang', lang]], [
      metaOf(facts, lang, working),
      title,
      preamble,
      element('mainBody', [], body),
      conclusionsOf(finals, context),
    ]),
  ])
  return writeXml(root)
}

/** How one language text is written. */
interface TextContext {
  facts: AkomaNtosoFacts
  lang: string
  numbering: Numbering
  nameParty: PartyNamer
  /** How many pieces of each bracket alternative were written so far, by `<bracket id>#<alt>` (an alternative running on into the next paragraph is one more piece). */
  brackets: Map<string, number>
  /** Each bracket's first alternative in the text (the one the others are alternatives to): its number and the eId its brackets are named under. */
  mainAlternatives: ReadonlyMap<string, { alt: number; scope: string }>
}

// ---------------------------------------------------------------------------
// meta

const isParty = (document: DocumentRecord, code: string) => document.parties.some((party) => party.code === code)
const partyEId = (code: string) => `party_${eIdPart(code)}`
const signatoryEId = (code: string) => `signatory_${eIdPart(code)}`
const signatoryRoleEId = (code: string) => `signatoryRole_${eIdPart(code)}`
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

function metaOf(facts: AkomaNtosoFacts, lang: string, working: Node): XmlElement {
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
    if (child.type.name === 'clause') agreed(child.attrs, clauseEIdOf(document, child, index))
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

// ---------------------------------------------------------------------------
// the text

function preambleOf(preamble: Node, context: TextContext): XmlElement {
  const recitals: XmlElement[] = []
  let formula: XmlElement | null = null
  preamble.forEach((block) => {
    if (block.type.name === 'recital') {
      const eId = `preamble__recs__rec_${recitals.length + 1}`
      recitals.push(element('recital', [['eId', eId]], [phrase('p', [], inlineContent(block, context, 'preamble'))]))
    } else {
      formula = element('formula', [['eId', 'preamble__formula_1'], ['name', 'enactingFormula']], [phrase('p', [], inlineContent(block, context, 'preamble'))])
    }
  })
  return element('preamble', [['eId', partEIds.preamble]], [recitals.length > 0 && element('recitals', [['eId', 'preamble__recs']], recitals), formula])
}

/** The eId of `clause`, the `index`th child of the document: from its id, or by its place when it has none. */
function clauseEIdOf(document: DocumentRecord, clause: Node, index: number): string {
  const id = clause.attrs.id as string | null
  return id ? clauseEId(document.style, id) : `${eIdPrefixes[clauseElementOf(document.style)]}_unidentified-${index}`
}

function clauseOf(clause: Node, offset: number, eId: string, context: TextContext): XmlElement {
  const { document } = context.facts
  const label = context.numbering.clauses.find((entry) => entry.pos === offset)?.label ?? ''
  const blockLabel = (at: number) => context.numbering.blockLabels.get(offset + 1 + at) ?? ''
  const blocks: { node: Node; at: number }[] = []
  let heading: XmlElement | null = null
  clause.forEach((block, at) => {
    if (block.type.name === 'clause_heading') heading = phrase('heading', [], inlineContent(block, context, eId))
    else blocks.push({ node: block, at })
  })
  const children: (XmlElement | null)[] = [phrase('num', [], [label]), heading]
  if (blocks.every(({ node }) => node.type.name === 'paragraph')) {
    children.push(element('content', [], blocks.map(({ node }) => phrase('p', [], inlineContent(node, context, eId)))))
  } else {
    const numbered = numberedElementOf(document.style)
    const counts = { alinea: 0, numbered: 0, point: 0 }
    for (const { node, at } of blocks) {
      if (node.type.name === 'paragraph') {
        children.push(leaf('alinea', `${eId}__${eIdPrefixes.alinea}_${++counts.alinea}`, null, node, context, eId))
      } else if (node.type.name === 'sub_paragraph') {
        children.push(leaf('point', `${eId}__${eIdPrefixes.point}_${++counts.point}`, blockLabel(at), node, context, eId))
      } else {
        children.push(numberedOf(numbered, `${eId}__${eIdPrefixes[numbered]}_${++counts.numbered}`, blockLabel(at), node, at, context, eId, blockLabel))
      }
    }
  }
  return element(clauseElementOf(document.style), [['eId', eId]], children)
}

/** A hierarchical element holding one paragraph of text: `num` when numbered, then `content/p`. */
function leaf(name: string, eId: string, num: string | null, block: Node, context: TextContext, scope: string): XmlElement {
  return element(name, [['eId', eId]], [num !== null && phrase('num', [], [num]), element('content', [], [phrase('p', [], inlineContent(block, context, scope))])])
}

/** A numbered paragraph: its number, its text (as `intro` when sub-paragraphs follow), its sub-paragraphs as points. */
function numberedOf(name: string, eId: string, num: string, block: Node, at: number, context: TextContext, scope: string, blockLabel: (at: number) => string): XmlElement {
  const inner: { node: Node; at: number }[] = []
  block.forEach((child, innerOffset) => inner.push({ node: child, at: at + 1 + innerOffset }))
  const [first, ...points] = inner
  if (points.length === 0) return leaf(name, eId, num, first!.node, context, scope)
  return element(name, [['eId', eId]], [
    phrase('num', [], [num]),
    element('intro', [], [phrase('p', [], inlineContent(first!.node, context, scope))]),
    ...points.map((point, index) => leaf('point', `${eId}__point_${index + 1}`, blockLabel(point.at), point.node, context, scope)),
  ])
}

function conclusionsOf(finals: Node | null, context: TextContext): XmlElement {
  const { document, settings, texts } = context.facts
  const parties = inAlternat(document.parties, null)
  const words = wordsOf(context.lang)
  const testimonium = testimoniumIn(context.lang, {
    style: document.style,
    place: placeIn(settings, context.lang, document.languages.working),
    date: settings.date,
    originals: settings.originals,
    languages: texts.map((text) => text.lang),
    prevailing: settings.prevailingLanguage,
  })
  const signatures = parties.map((party) => {
    const name = namingIn(party, context.lang).name
    const heading = words.forParty(name)
    const at = heading.indexOf(name)
    const signatory = signatoryIn(settings, party.code, context.lang, document.languages.working)
    return phrase('p', [], [
      phrase('signature', [['refersTo', `#${partyEId(party.code)}`]], [
        at < 0 ? heading : heading.slice(0, at),
        at < 0 ? null : phrase('organization', [['refersTo', `#${partyEId(party.code)}`]], [name]),
        at < 0 ? null : heading.slice(at + name.length),
        signatory && phrase('eol'),
        signatory && phrase('person', [['refersTo', `#${signatoryEId(party.code)}`], ['as', `#${signatoryRoleEId(party.code)}`]], [signatory.name]),
        signatory && phrase('eol'),
        signatory && phrase('role', [['refersTo', `#${signatoryRoleEId(party.code)}`]], [signatory.title]),
      ]),
    ])
  })
  const finalEId = partEIds['final-provisions']!
  const provisions: XmlElement[] = []
  finals?.forEach((block) => provisions.push(phrase('p', [], inlineContent(block, context, finalEId))))
  return element('conclusions', [['eId', 'conclusions']], [
    provisions.length > 0 && element('container', [['eId', finalEId], ['name', 'finalProvisions']], provisions),
    element('container', [['eId', 'conclusions__container_testimonium'], ['name', 'testimonium']], [phrase('p', [], [testimonium])]),
    element('container', [['eId', 'conclusions__container_signatures'], ['name', 'signatures']], signatures),
  ])
}

// ---------------------------------------------------------------------------
// inline content

const formatting: readonly (readonly [mark: string, tag: string])[] = [
  ['strong', 'b'],
  ['em', 'i'],
  ['underline', 'u'],
]

/**
 * The inline content of `block`, with bracketed runs (consecutive inline
 * nodes under the same alternative of the same bracket) each in one
 * `inline name="bracket"`; `scope` is the eId bracket eIds are made under
 * (the clause's, or the part's).
 */
function inlineContent(block: Node, context: TextContext, scope: string): XmlNode[] {
  const out: XmlNode[] = []
  let run: { mark: Mark; nodes: Node[] } | null = null
  const flush = () => {
    if (run) out.push(bracketOf(run.mark, run.nodes.flatMap((node) => inlineNode(node, context)), context, scope))
    run = null
  }
  block.forEach((child) => {
    const mark = child.marks.find((candidate) => candidate.type.name === 'bracket') ?? null
    if (run && mark && sameAlternative(run.mark, mark)) {
      run.nodes.push(child)
      return
    }
    flush()
    if (mark) run = { mark, nodes: [child] }
    else out.push(...inlineNode(child, context))
  })
  flush()
  return out
}

/** The eId bracket eIds are made under in each part of the text: the clause's, or the part's. */
function scopeOf(document: DocumentRecord, child: Node, index: number): string {
  if (child.type.name === 'clause') return clauseEIdOf(document, child, index)
  return partEIds[(child.attrs.id as string | undefined) ?? ''] ?? 'conclusions'
}

/** Each bracket's lowest-numbered alternative in `content`, and the scope it is written under. */
function mainAlternatives(content: Node, document: DocumentRecord): Map<string, { alt: number; scope: string }> {
  const main = new Map<string, { alt: number; scope: string }>()
  content.forEach((child, _offset, index) => {
    const scope = scopeOf(document, child, index)
    child.descendants((node) => {
      const mark = node.marks.find((candidate) => candidate.type.name === 'bracket')
      if (!mark) return true
      const alt = Number(mark.attrs.alt) || 0
      const known = main.get(String(mark.attrs.id))
      if (!known || alt < known.alt) main.set(String(mark.attrs.id), { alt, scope })
      return false
    })
  })
  return main
}

const sameAlternative = (a: Mark, b: Mark) => a.attrs.id === b.attrs.id && Number(a.attrs.alt) === Number(b.attrs.alt)

/** The eId of a bracket's alternative: `<scope>__bracket_<id>__alt_<n>`, a further piece `…__alt_<n>-<k>`. */
const bracketEId = (scope: string, id: string, alt: number, piece = 1) => `${scope}__bracket_${eIdPart(id)}__alt_${alt}${piece > 1 ? `-${piece}` : ''}`

function bracketOf(mark: Mark, content: XmlNode[], context: TextContext, scope: string): XmlElement {
  const id = String(mark.attrs.id)
  const alt = Number(mark.attrs.alt) || 0
  const key = `${id}#${alt}`
  const piece = (context.brackets.get(key) ?? 0) + 1
  context.brackets.set(key, piece)
  const owner = String(mark.attrs.owner ?? '')
  const main = context.mainAlternatives.get(id) ?? { alt, scope }
  return phrase(
    'inline',
    [
      ['eId', bracketEId(scope, id, alt, piece)],
      ['name', 'bracket'],
      ['refersTo', isParty(context.facts.document, owner) ? `#${partyEId(owner)}` : null],
      ['alternativeTo', alt === main.alt ? null : bracketEId(main.scope, id, main.alt)],
    ],
    content,
  )
}

/** One inline node: text under its formatting, a clause reference, a party reference. */
function inlineNode(node: Node, context: TextContext): XmlNode[] {
  let written: XmlNode
  if (node.isText) {
    written = node.text ?? ''
  } else if (node.type.name === 'clause_ref') {
    const id = node.attrs.clauseId as string | null
    const target = id === null ? null : context.numbering.clauseLabel(id)
    written =
      target === null
        ? phrase('inline', [['name', 'missingReference']], [context.numbering.referenceLabel(id)])
        : phrase('ref', [['href', `#${clauseEId(context.facts.document.style, id!)}`]], [target])
  } else if (node.type.name === 'party_ref') {
    const reference = referenceOf(node.attrs)
    const { parties } = context.facts.document
    const named = reference.party === '*' ? inAlternat(parties, null).map((party) => party.code) : [reference.party]
    const text = context.nameParty(reference)
    const classes = `partyReference ${reference.form}${reference.party === '*' ? ' bothParties' : ''}`
    // A reference to a party the document does not have reads as its code; it refers to nothing.
    written = named.every((code) => isParty(context.facts.document, code))
      ? phrase('organization', [['refersTo', named.map((code) => `#${partyEId(code)}`).join(' ')], ['class', classes]], [text])
      : phrase('inline', [['name', 'partyReference'], ['class', classes]], [text])
  } else {
    return []
  }
  for (const [mark, tag] of [...formatting].reverse()) {
    if (node.marks.some((candidate) => candidate.type.name === mark)) written = phrase(tag, [], [written])
  }
  return [written]
}

// ---------------------------------------------------------------------------

/** A date as `YYYY-MM-DD`, in UTC. */
const isoDate = (date: Date) => date.toISOString().slice(0, 10)

/** An ISO 8601 instant as an xsd:dateTime in UTC, to the millisecond, as recorded (an unreadable one as the epoch, which no agreement has). */
function isoDateTime(at: string): string {
  const date = new Date(at)
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString()
}
