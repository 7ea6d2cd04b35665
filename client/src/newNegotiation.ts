/**
 * What the new-negotiation page sends: its form, as `POST /api/documents`
 * takes it (`server/http/documentsRouter.ts` reads it), and what is wrong
 * with the form before it is sent. The server checks everything again and
 * its refusals are shown in its words; this spares the obvious round trips.
 */

import { languageTagPattern, partyCodePattern, type InstrumentStyle } from '../../server/vocabulary/document.js'
import { t } from './i18n/translator.js'

/** One party as the form holds it; an empty `shortName`, `state` or `language` is left to the server's default. */
export interface PartyForm {
  code: string
  name: string
  shortName: string
  state: string
  /** The party's own language tag; empty: none. */
  language: string
}

export interface NegotiationForm {
  title: string
  /** An instrument template's id; null: a blank text, which needs a title. */
  template: string | null
  style: InstrumentStyle
  parties: [PartyForm, PartyForm]
  /** The working language, in which the delegations negotiate. */
  working: string
  /** The other languages of equally authentic texts. */
  others: string[]
}

/** The body of `POST /api/documents`. */
export interface NewDocumentBody {
  title: string | null
  template: string | null
  variables: Record<string, unknown>
  style: InstrumentStyle
  parties: { code: string; name: string; shortName: string; state: string; language: string | null; names: Record<string, never> }[]
  languages: { working: string; others: string[] }
}

/** The languages offered by name; any other BCP 47 tag may be typed. */
export const offeredLanguages = ['en', 'th', 'km'] as const

/**
 * The other languages: those ticked and those typed (separated by commas
 * or spaces), each once, without the working language.
 */
export function otherLanguages(working: string, ticked: readonly string[], typed: string): string[] {
  const tags = [...ticked, ...typed.split(/[\s,]+/)].map((tag) => tag.trim()).filter((tag) => tag !== '')
  return [...new Set(tags)].filter((tag) => tag !== working)
}

/** What keeps `form` from being sent, in a sentence each; empty when nothing does. */
export function formProblems(form: NegotiationForm): string[] {
  const problems: string[] = []
  if (form.template === null && form.title.trim() === '') problems.push(t('new.problem.title'))
  form.parties.forEach((party, index) => {
    const position = index === 0 ? 'first' : 'second'
    if (!partyCodePattern.test(party.code.trim())) problems.push(t('new.problem.code', { position }))
    if (party.name.trim() === '') problems.push(t('new.problem.name', { position }))
    const language = party.language.trim()
    if (language !== '' && ![form.working, ...form.others].includes(language)) {
      problems.push(t('new.problem.language', { position, language }))
    }
  })
  if (form.parties[0].code.trim() !== '' && form.parties[0].code.trim() === form.parties[1].code.trim()) problems.push(t('new.problem.sameCodes'))
  for (const tag of [form.working, ...form.others]) {
    if (!languageTagPattern.test(tag)) problems.push(t('new.problem.tag', { tag }))
  }
  return problems
}

/** `form` as `POST /api/documents` takes it, trimmed; the template's variables at their defaults. */
export function newDocumentBody(form: NegotiationForm): NewDocumentBody {
  const title = form.title.trim()
  return {
    title: title === '' ? null : title,
    template: form.template,
    variables: {},
    style: form.style,
    parties: form.parties.map((party) => {
      const code = party.code.trim()
      return {
        code,
        name: party.name.trim(),
        shortName: party.shortName.trim() || code,
        state: party.state.trim(),
        language: party.language.trim() || null,
        names: {},
      }
    }),
    languages: { working: form.working, others: form.others },
  }
}
