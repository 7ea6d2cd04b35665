/**
 * A first round of negotiation on the demo document, so that a newcomer
 * sees the workflow at work — as the 9th Annual Meeting, opened and closed
 * around it (its Record of Discussion ready), the 10th planned and opened
 * next: two paragraphs agreed by both delegations, one
 * agreed ad referendum by the CNP (each with its Thai and Khmer texts
 * confirmed first, as agreement needs), one under negotiation with the
 * DSI's wording and the CNP's alternative in brackets, and a comment on
 * them; in the other languages, one clause stale (its English changed
 * after the Thai and Khmer were confirmed) and the last one untranslated;
 * and a private note of the DSI's on the debated paragraph.
 */

import * as Y from 'yjs'
import type { Principal } from '../access/principal.js'
import type { DemoNegotiation } from './demoNegotiation.js'
import { clauseElements as clausesOf, clauseTexts } from '../mou/contentCodec.js'
import type { Discussion } from './discussion.js'
import type { DocumentEditor } from './documentEditor.js'
import type { NegotiationDesk } from './negotiationDesk.js'
import { contentFragmentName, languageFragmentName } from '../vocabulary/documentRoots.js'
import type { TranslationDesk } from './translationDesk.js'
import type { Rounds } from './rounds.js'
import type { PrivateLayer } from './privateLayer.js'
import type { Attendee } from '../vocabulary/round.js'

/** What staging the demo's negotiation needs of the server. */
export interface NegotiationServices {
  editor: Pick<DocumentEditor, 'read' | 'change'>
  negotiation: Pick<NegotiationDesk, 'act'>
  discussion: Pick<Discussion, 'open'>
  translations: Pick<TranslationDesk, 'confirm'>
  rounds: Pick<Rounds, 'plan' | 'open' | 'close'>
  privateLayer: Pick<PrivateLayer, 'setNote'>
}

const secretariat: Principal = { kind: 'admin' }

/** A delegation as the demo lists it: its head first. */
const delegation = (party: string, organisation: string, names: readonly [string, string][]): Attendee[] =>
  names.map(([name, title], index) => ({ party, name, title, organisation, role: index === 0 ? 'Head of delegation' : 'Member' }))

const attendance: Attendee[] = [
  ...delegation('TH', 'Department of Special Investigation', [
    ['Pol. Maj. Gen. Somchai Rattanakul', 'Deputy Director-General'],
    ['Pol. Col. Anan Srisuk', 'Director, Bureau of Human Trafficking Cases'],
    ['Ms. Malee Chaiyaporn', 'Legal Officer'],
    ['Mr. Prasert Wongsawat', 'Interpreter'],
  ]),
  ...delegation('KH', 'Cambodian National Police', [
    ['Lt. Gen. Sokha Chea', 'Deputy Commissioner General'],
    ['Maj. Gen. Dara Kim', 'Director, Anti-Human Trafficking and Juvenile Protection Department'],
    ['Mr. Vuthy Sok', 'Legal Adviser'],
    ['Ms. Sreymom Chan', 'Interpreter'],
  ]),
]

/** Moves the demo through its first round (the 9th Annual Meeting, closed; the 10th opened after it). */
export async function stageDemoRound(services: NegotiationServices, demo: DemoNegotiation): Promise<void> {
  const { rounds } = services
  const documentId = demo.document.id
  const clauseIds = await services.editor.read(documentId, (doc) => clausesOf(doc.getXmlFragment(contentFragmentName)).map((clause) => String(clause.getAttribute('id'))))
  const agenda = [
    { clauseId: clauseIds[0]!, topic: 'Objectives' },
    { clauseId: clauseIds[3]!, topic: 'Forms of cooperation' },
    { clauseId: null, topic: 'Date and place of the next meeting' },
  ]
  await rounds.plan(secretariat, documentId, { title: '9th Annual Meeting', place: 'Bangkok', startDate: '2026-11-16', endDate: '2026-11-18', attendance, agenda })
  await rounds.open(secretariat, documentId, 1)
  await negotiate(services, demo)
  await rounds.plan(secretariat, documentId, { title: '10th Annual Meeting', place: 'Phnom Penh', startDate: '2027-03-08', endDate: '2027-03-10', attendance, agenda: [{ clauseId: clauseIds[3]!, topic: 'Forms of cooperation: the remaining brackets' }] })
  await rounds.close(secretariat, documentId, 1)
  await rounds.open(secretariat, documentId, 2)
}

/** The negotiation of the first round: agreements, a bracket with two alternatives, a comment, a private note. */
async function negotiate({ editor, negotiation, discussion, translations, privateLayer }: NegotiationServices, demo: DemoNegotiation): Promise<void> {
  const documentId = demo.document.id
  const clauseElements = (doc: Y.Doc) => clausesOf(doc.getXmlFragment(contentFragmentName))
  const as = (party: string) => ({ kind: 'member', member: demo.members.find(({ member }) => member.party === party && member.role === 'delegate')!.member }) as const
  const [thai, khmer] = [as('TH'), as('KH')]
  const clauseIds = await editor.read(documentId, (doc) => clauseElements(doc).map((clause) => String(clause.getAttribute('id'))))
  const set = (who: Principal, clauseId: string, target: 'under-negotiation' | 'agreed-ad-referendum' | 'agreed', initials: string | null = null) =>
    negotiation.act(who, documentId, clauseId, { kind: 'set', target, initials })
  const confirmBoth = async (clauseId: string) => {
    for (const lang of demo.document.languages.others) {
      const party = demo.document.parties.find((candidate) => candidate.language === lang)?.code ?? 'TH'
      await translations.confirm(as(party), documentId, clauseId, lang)
    }
  }
  for (const clauseId of [...clauseIds.slice(0, 3), clauseIds[4]!]) await confirmBoth(clauseId)
  for (const clauseId of clauseIds.slice(0, 2)) {
    await set(thai, clauseId, 'under-negotiation')
    await set(khmer, clauseId, 'agreed-ad-referendum', 'CNP')
    await set(thai, clauseId, 'agreed', 'DSI')
  }
  await set(khmer, clauseIds[2]!, 'under-negotiation')
  await set(khmer, clauseIds[2]!, 'agreed-ad-referendum', 'CNP')
  const debated = clauseIds[3]!
  await set(thai, debated, 'under-negotiation')

  // Stale: the English of the fifth clause changed after its translations were confirmed.
  const amended = clauseIds[4]!
  await editor.change(documentId, thai.member.id, (doc) => {
    const text = clauseTexts(clauseElements(doc).find((clause) => clause.getAttribute('id') === amended)!)[0]
    text?.insert(text.length, ' (as amended at the first round)')
  })
  // Untranslated: the last clause has no words yet in the other languages.
  const last = clauseIds.at(-1)!
  await editor.change(documentId, khmer.member.id, (doc) => {
    for (const lang of demo.document.languages.others) {
      const clause = clausesOf(doc.getXmlFragment(languageFragmentName(lang))).find((candidate) => candidate.getAttribute('id') === last)
      if (!clause) continue
      for (const text of [...clauseTexts(clause), ...headingTexts(clause)]) text.delete(0, text.length)
    }
  })

  // The first "will" of the debated paragraph: the DSI's wording, and the CNP's alternative.
  const textsIn = (doc: Y.Doc) => clauseTexts(clauseElements(doc).find((clause) => clause.getAttribute('id') === debated)!)
  const found = await editor.read(documentId, (doc) => {
    const texts = textsIn(doc).map((text) => text.toString().search(/\bwill\b/))
    const index = texts.findIndex((at) => at >= 0)
    return index < 0 ? null : { index, at: texts[index]! }
  })
  if (!found) return
  const textIn = (doc: Y.Doc) => textsIn(doc)[found.index]!
  await editor.change(documentId, thai.member.id, (doc) => textIn(doc).format(found.at, 4, { bracket: { id: 'demo-will', owner: 'TH', alt: 0 } }))
  await editor.change(documentId, khmer.member.id, (doc) =>
    textIn(doc).insert(found.at + 4, 'shall', { bracket: { id: 'demo-will', owner: 'KH', alt: 1 } }),
  )
  const anchors = await editor.read(documentId, (doc) => {
    const text = textIn(doc)
    return { from: Y.createRelativePositionFromTypeIndex(text, found.at), to: Y.createRelativePositionFromTypeIndex(text, found.at + 9, -1) }
  })
  await discussion.open(khmer, documentId, { ...anchors, body: 'The CNP would prefer firmer wording here. To be settled at the next round.' })
  await privateLayer.setNote(thai, documentId, debated, 'DSI position: "will" is preferred; "shall" acceptable if the CNP agrees to the thirty-day time limit in Paragraph 7. Instructions from the Director-General to follow.')
}

/** The texts of a clause's heading. */
function headingTexts(clause: Y.XmlElement): Y.XmlText[] {
  const heading = clause.get(0)
  return heading instanceof Y.XmlElement ? heading.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText) : []
}
