/**
 * The signing desk's checklist in words, from what the server says stands
 * between the live text and signature (`GET …/signing/readiness`): each
 * group (not agreed, texts not confirmed, brackets, wording, the signature
 * page) with its items, each item naming the clause it links to. Kept apart
 * from the DOM so that it is tested without a browser.
 */

import type { SigningReadinessView } from '../../server/vocabulary/views.js'
import type { TranslationStatus } from '../../server/vocabulary/translation.js'

export type ChecklistKind = 'unagreed' | 'translations' | 'brackets' | 'wording' | 'signing'

export interface ChecklistItem {
  /** The clause or part the item is about (a link to it), or null. */
  clauseId: string | null
  /** What the link reads: "Article 3 — Exchange of information", "The title". */
  subject: string
  /** What is open about it, in words. */
  detail: string
}

export interface ChecklistGroup {
  kind: ChecklistKind
  title: string
  items: ChecklistItem[]
  /** What to say when nothing is open. */
  done: string
  /** Whether an open item keeps originals from being exported (wording findings and the signature page do not: they are advice, and blanks). */
  blocking: boolean
}

export interface ChecklistContext {
  parties: readonly { code: string; shortName: string }[]
  /** The document's other languages: no translation group without any. */
  otherLanguages: readonly string[]
  /** A language's name in English ("Thai"). */
  languageName: (lang: string) => string
}

const statusWords: Record<string, string> = {
  draft: 'Draft',
  'under-negotiation': 'Under negotiation',
  'agreed-ad-referendum': 'Agreed ad referendum',
  agreed: 'Agreed',
}

const translationWords: Record<Exclude<TranslationStatus, 'confirmed'>, string> = {
  missing: 'no text yet',
  draft: 'not confirmed',
  stale: 'stale (the working text changed since it was confirmed)',
}

/** "A", "A or B", "A, B or C". */
const either = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`)
const both = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`)
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The checklist of `readiness`, group by group, in the order the desk shows them. */
export function signingChecklist(readiness: SigningReadinessView, context: ChecklistContext): ChecklistGroup[] {
  const nameOf = (code: string) => context.parties.find((party) => party.code === code)?.shortName ?? code
  const groups: ChecklistGroup[] = []

  groups.push({
    kind: 'unagreed',
    title: 'Not agreed',
    blocking: true,
    done: 'Every clause, the title, the preamble and the final provisions are agreed by both parties.',
    items: readiness.unagreed.map((entry) => {
      const waiting = context.parties.filter((party) => !entry.agreedBy.includes(party.code)).map((party) => party.shortName)
      const agreed = entry.agreedBy.length > 0 ? `agreed by ${both(entry.agreedBy.map(nameOf))}, ` : ''
      return {
        clauseId: entry.clauseId,
        subject: `${entry.label}${entry.heading ? ` — ${entry.heading}` : ''}`,
        detail: `${statusWords[entry.status] ?? entry.status}: ${agreed}not agreed by ${either(waiting)}`,
      }
    }),
  })

  if (context.otherLanguages.length > 0) {
    const byClause = new Map<string, ChecklistItem & { languages: string[] }>()
    for (const entry of readiness.translations) {
      const words = `${context.languageName(entry.lang)}: ${translationWords[entry.status as keyof typeof translationWords] ?? entry.status}`
      const item = byClause.get(entry.clauseId)
      if (item) item.languages.push(words)
      else byClause.set(entry.clauseId, { clauseId: entry.clauseId, subject: entry.label, detail: '', languages: [words] })
    }
    groups.push({
      kind: 'translations',
      title: 'Texts in other languages',
      blocking: true,
      done: `Every clause is confirmed in ${both(context.otherLanguages.map(context.languageName))}.`,
      items: [...byClause.values()].map(({ languages, ...item }) => ({ ...item, detail: languages.join('; ') })),
    })
  }

  groups.push({
    kind: 'brackets',
    title: 'Bracketed text',
    blocking: true,
    done: 'No bracketed text is left.',
    items: readiness.brackets.map((bracket) => ({
      clauseId: bracket.clauseId,
      subject: bracket.label ?? 'Outside the clauses',
      detail: `${bracket.text}, proposed by ${both([...new Set(bracket.owners)].map(nameOf))}`,
    })),
  })

  groups.push({
    kind: 'wording',
    title: 'Wording',
    blocking: false,
    done: 'No wording findings in any language.',
    items: readiness.wording
      .filter((entry) => entry.findings > 0)
      .map((entry) => ({
        clauseId: null,
        subject: context.languageName(entry.lang),
        detail: `${entry.findings} wording finding${entry.findings === 1 ? '' : 's'} (see the Wording tab)`,
      })),
  })

  groups.push({
    kind: 'signing',
    title: 'Signature page',
    blocking: false,
    done: 'The signatories and the place of signature are set.',
    items: readiness.signing.missing.map((missing) => ({ clauseId: null, subject: capitalised(missing), detail: 'not set: the originals leave a blank for it' })),
  })
  return groups
}

/** One line on the whole: ready for signature, or how many open items keep it from it. */
export function readinessSummary(readiness: SigningReadinessView, groups: readonly ChecklistGroup[]): string {
  const open = groups.filter((group) => group.blocking).reduce((count, group) => count + group.items.length, 0)
  if (readiness.ready) return 'Ready for signature: every part agreed, every text confirmed, no bracket left. Record the text, then export the originals.'
  return `Not ready for signature: ${open} open item${open === 1 ? '' : 's'} below must be settled first.`
}
