/**
 * A negotiated text as Akoma Ntoso 3.0 (OASIS LegalDocML): each authentic
 * language text one expression, a `doc` named `memorandumOfUnderstanding`
 * (`agreement` for a treaty), in the order the schema sets — `meta`,
 * `preface`, `preamble`, `mainBody`, `conclusions`:
 *
 * - `meta`: the identification, the workflow, the references and the
 *   prevailing language (`akomaNtosoMeta.ts`);
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
import type { DocumentRecord } from '../vocabulary/document.js'
import { numberDocument, type Numbering } from '../vocabulary/numbering.js'
import { inAlternat, namingIn, partyNamer, referenceOf, type PartyNamer } from '../vocabulary/partyReference.js'
import { placeIn, signatoryIn } from '../vocabulary/signing.js'
import { testimoniumIn, wordsOf } from './signingWords.js'
import { metaOf, type AkomaNtosoFacts } from './akomaNtosoMeta.js'
import {
  aknNamespace,
  clauseEId,
  clauseEIdAt,
  clauseElementOf,
  counterpartNamespace,
  docNameOf,
  eIdPart,
  eIdPrefixes,
  numberedElementOf,
  partEIds,
  partyEId,
  signatoryEId,
  signatoryRoleEId,
} from './akomaNtosoNames.js'

export { aknType, expressionIri, workIri, type AkomaNtosoFacts } from './akomaNtosoMeta.js'
import { element, phrase, writeXml, type XmlElement, type XmlNode } from './xmlWriter.js'

/** Throws a RangeError unless `lang` is one of the texts of `facts`. */
function textIn(facts: AkomaNtosoFacts, lang: string): Node {
  const text = facts.texts.find((candidate) => candidate.lang === lang)
  if (!text) throw new RangeError(`no text in "${lang}" among ${facts.texts.map((candidate) => candidate.lang).join(', ')}`)
  return text.content
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
        body.push(clauseOf(child, offset, clauseEIdAt(document.style, child.attrs.id, index), context))
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

const isParty = (document: DocumentRecord, code: string) => document.parties.some((party) => party.code === code)

/** The eId bracket eIds are made under in each part of the text: the clause's, or the part's. */
function scopeOf(document: DocumentRecord, child: Node, index: number): string {
  if (child.type.name === 'clause') return clauseEIdAt(document.style, child.attrs.id, index)
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

