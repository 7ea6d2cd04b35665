/**
 * The ProseMirror schema of a memorandum, shared by the server and the
 * browser client. An instrument is a title, a preamble (recitals and the
 * closing formula), numbered clauses, and optional final provisions; the
 * signature block is produced at export, never typed.
 *
 * Numbers are never stored: "Article 3", "1.", "(a)" are derived from the
 * position of nodes (see `numbering.ts`). Clause ids are stable and carry
 * no language, so aligned Thai, Khmer and English versions can share them.
 *
 * Every block node carries a `ychange` attribute and the schema has a
 * `ychange` mark: y-prosemirror sets them when it renders a document from
 * Yjs snapshots to show who added or removed what.
 */

import { Schema, type AttributeSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model'
import { bothParties, partyForms } from './partyReference.js'
import { partyCodePattern } from './document.js'

/**
 * Who may write an attribute, for the gate (see `negotiation/negotiationRules.ts`):
 *
 * - `server`: only the server (a clause's status, agreements, reopen
 *   requests): a client never writes it, whatever content kind or key
 *   spelling it uses; a clause a client creates carries it only at its
 *   default, or as the clause it moves had it;
 * - `creation`: written when the element is created, never changed after
 *   (a clause's id: references, comments and the audit trail name it);
 * - `party`: its value is the party of the member who writes it (a
 *   bracket's owner).
 *
 * Attributes without one are written by anyone who may edit.
 */
export type AttributeAuthority = 'server' | 'creation' | 'party'

/** An attribute spec with its authority. */
export type CounterpartAttributeSpec = AttributeSpec & { authority?: AttributeAuthority }

/** The authority of an attribute spec, if it has one. */
export const authorityOf = (spec: AttributeSpec | undefined): AttributeAuthority | null => (spec as CounterpartAttributeSpec | undefined)?.authority ?? null

const attribute = (spec: CounterpartAttributeSpec): AttributeSpec => spec

/** A validator for string attributes of at most `maxLength` characters (null allowed when `nullable`). */
function text(name: string, maxLength: number, nullable: boolean) {
  return (value: unknown) => {
    if (value === null && nullable) return
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      throw new RangeError(`attribute "${name}" must be a string of 1 to ${maxLength} characters${nullable ? ' or null' : ''} (got ${describe(value)})`)
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}

/** The attribute y-prosemirror sets on nodes rendered from snapshots. */
const ychange = { ychange: { default: null } }

/** A block of inline text rendered as `tag`, with `className` if given. */
const textBlock = (tag: string, className: string | null = null, extra: Partial<NodeSpec> = {}): NodeSpec => ({
  content: 'inline*',
  attrs: ychange,
  parseDOM: [{ tag: className ? `${tag}.${className}` : tag }],
  toDOM: () => (className ? [tag, { class: className }, 0] : [tag, 0]),
  ...extra,
})

/** Clause statuses; the negotiation workflow moves clauses through them (see negotiation/clauseStatus.ts). */
export const clauseStatuses = ['draft', 'under-negotiation', 'agreed-ad-referendum', 'agreed'] as const
export type ClauseStatus = (typeof clauseStatuses)[number]

/** Longest clause id, template id or bracket id accepted. */
const maxIdLength = 100
/** Longest JSON kept in a server-written attribute (agreements, a reopen request). */
const maxRecordLength = 64 * 1024

/** A clause's place in the negotiation, as the server records it (see `clauseState.ts`); the parts negotiated like clauses have it too. */
const workflowAttributes = {
  status: attribute({
    default: 'draft',
    validate: (value: unknown) => {
      if (!(clauseStatuses as readonly unknown[]).includes(value)) throw new RangeError(`attribute "status" must be one of ${clauseStatuses.join(', ')} (got ${describe(value)})`)
    },
    authority: 'server',
  }),
  /** JSON: the parties that agreed (ad referendum), by whom, when, with initials. Set by the server only. */
  agreedBy: attribute({ default: null, validate: text('agreedBy', maxRecordLength, true), authority: 'server' }),
  /** JSON: a pending request to reopen an agreed clause. Set by the server only. */
  reopenRequest: attribute({ default: null, validate: text('reopenRequest', maxRecordLength, true), authority: 'server' }),
}

/**
 * The parts of an instrument that are signed as its clauses are, and so
 * negotiated like them — agreed, locked, reopened through the same route —
 * by node name, with the fixed id that names each (one of each per text).
 */
export const negotiatedParts = { title: 'title', preamble: 'preamble', final_provisions: 'final-provisions' } as const

/** Whether a node of this name is negotiated: a clause, or one of `negotiatedParts`. */
export const isNegotiatedNode = (name: string): boolean => name === 'clause' || Object.hasOwn(negotiatedParts, name)

/** Whether `id` is one of the fixed ids of `negotiatedParts` (no clause may take one). */
export const isPartId = (id: unknown): boolean => Object.values(negotiatedParts).includes(id as never)

/** The attributes of a negotiated part: its fixed id, and its place in the negotiation. */
const partAttributes = (id: string) => ({
  id: attribute({
    default: id,
    validate: (value: unknown) => {
      if (value !== id) throw new RangeError(`attribute "id" of this part is always ${JSON.stringify(id)} (got ${describe(value)})`)
    },
    authority: 'creation',
  }),
  ...workflowAttributes,
  ...ychange,
})

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'title preamble clause+ final_provisions?' },
  title: textBlock('h1', null, { defining: true, attrs: partAttributes(negotiatedParts.title) }),
  preamble: {
    content: 'recital+ closing_formula',
    attrs: partAttributes(negotiatedParts.preamble),
    parseDOM: [{ tag: 'section.preamble' }],
    toDOM: () => ['section', { class: 'preamble' }, 0],
  },
  /** A recital: a paragraph opening with capitalised lead words ("RECOGNISING that …"). */
  recital: textBlock('p', 'recital'),
  /** "HAVE AGREED as follows:" / "HAVE REACHED the following understanding:". */
  closing_formula: textBlock('p', 'closing-formula'),
  clause: {
    content: 'clause_heading (paragraph | numbered_paragraph | sub_paragraph)+',
    attrs: {
      /** Stable, never reused, survives moves and renumbering. */
      id: attribute({ default: null, validate: text('id', maxIdLength, true), authority: 'creation' }),
      /** The template the clause was drafted from, if any. */
      templateId: attribute({ default: null, validate: text('templateId', maxIdLength, true) }),
      ...workflowAttributes,
      ...ychange,
    },
    defining: true,
    isolating: true,
    parseDOM: [
      {
        tag: 'section.clause',
        getAttrs: (dom) => ({
          id: dom.getAttribute('data-clause-id'),
          templateId: dom.getAttribute('data-template-id'),
          status: dom.getAttribute('data-status') ?? 'draft',
        }),
      },
    ],
    toDOM: (node) => [
      'section',
      { class: 'clause', 'data-clause-id': node.attrs.id, 'data-template-id': node.attrs.templateId, 'data-status': node.attrs.status },
      0,
    ],
  },
  clause_heading: textBlock('h2', null, { defining: true }),
  /** An unnumbered paragraph. */
  paragraph: textBlock('p'),
  /** A numbered paragraph ("1.", "2." within its clause): its text, then lettered sub-paragraphs. */
  numbered_paragraph: {
    content: 'paragraph sub_paragraph*',
    attrs: ychange,
    defining: true,
    parseDOM: [{ tag: 'div.numbered-paragraph' }],
    toDOM: () => ['div', { class: 'numbered-paragraph' }, 0],
  },
  /** A lettered sub-paragraph ("(a)", "(b)"), lettered within its run. */
  sub_paragraph: textBlock('p', 'sub-paragraph'),
  final_provisions: {
    content: 'paragraph+',
    attrs: partAttributes(negotiatedParts.final_provisions),
    parseDOM: [{ tag: 'section.final-provisions' }],
    toDOM: () => ['section', { class: 'final-provisions' }, 0],
  },
  text: { group: 'inline' },
  /** A reference to another clause by id; renders that clause's current number. */
  clause_ref: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: { clauseId: { default: null, validate: text('clauseId', maxIdLength, true) }, ...ychange },
    parseDOM: [{ tag: 'span.clause-ref', getAttrs: (dom) => ({ clauseId: dom.getAttribute('data-clause-id') }) }],
    toDOM: (node) => ['span', { class: 'clause-ref', 'data-clause-id': node.attrs.clauseId }],
  },
  /**
   * A party named by reference (see `partyReference.ts`): one party
   * (`party` its code) or both (`party` "*", named in the reader's order),
   * by full name, short name or State, in the language of the text.
   */
  party_ref: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: {
      party: {
        validate: (value: unknown) => {
          if (value !== bothParties && (typeof value !== 'string' || !partyCodePattern.test(value))) {
            throw new RangeError(`attribute "party" must be a party code or "${bothParties}" (got ${describe(value)})`)
          }
        },
      },
      form: {
        default: 'name',
        validate: (value: unknown) => {
          if (!(partyForms as readonly unknown[]).includes(value)) throw new RangeError(`attribute "form" must be one of ${partyForms.join(', ')} (got ${describe(value)})`)
        },
      },
      ...ychange,
    },
    parseDOM: [{ tag: 'span.party-ref', getAttrs: (dom) => ({ party: dom.getAttribute('data-party'), form: dom.getAttribute('data-form') ?? 'name' }) }],
    toDOM: (node) => ['span', { class: 'party-ref', 'data-party': node.attrs.party, 'data-form': node.attrs.form }],
  },
}

const marks: Record<string, MarkSpec> = {
  strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
  em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
  underline: { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] },
  /**
   * Bracketed text: an unagreed proposal owned by a party. Alternatives of
   * one proposal share the `id` and are numbered by `alt` ("[shall] / [will]").
   */
  bracket: {
    attrs: {
      id: { validate: text('id', maxIdLength, false) },
      /** The party whose proposal it is: the party of the member who brackets it. */
      owner: attribute({ validate: text('owner', 16, false), authority: 'party' }),
      alt: {
        default: 0,
        validate: (value: unknown) => {
          if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 999) throw new RangeError(`attribute "alt" must be a whole number from 0 to 999 (got ${describe(value)})`)
        },
      },
    },
    inclusive: false,
    parseDOM: [
      {
        tag: 'span.bracket',
        getAttrs: (dom) => ({ id: dom.getAttribute('data-bracket-id'), owner: dom.getAttribute('data-owner'), alt: Number(dom.getAttribute('data-alt') ?? 0) }),
      },
    ],
    toDOM: (mark) => ['span', { class: 'bracket', 'data-bracket-id': mark.attrs.id, 'data-owner': mark.attrs.owner, 'data-alt': String(mark.attrs.alt) }, 0],
  },
  /** Set by y-prosemirror when rendering snapshots: who added or removed this text. */
  ychange: {
    attrs: { user: { default: null }, type: { default: null }, color: { default: null } },
    inclusive: false,
    parseDOM: [{ tag: 'ychange' }],
    toDOM: (mark) => ['ychange', { ychange_user: mark.attrs.user, ychange_type: mark.attrs.type }, 0],
  },
}

/** The one schema of a Counterpart document. */
export const mouSchema = new Schema({ nodes, marks })
