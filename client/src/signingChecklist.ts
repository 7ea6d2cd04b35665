/**
 * The signing desk's checklist in words, from what the server says stands
 * between the live text and signature (`GET …/signing/readiness`): each
 * group (not agreed, texts not confirmed, brackets, wording, the signature
 * page) with its items, each item naming the clause it links to. Kept apart
 * from the DOM so that it is tested without a browser.
 */

import type { SigningReadinessView } from '../../server/vocabulary/views.js'
import { listOf, t } from './i18n/translator.js'
import { statusName } from './i18n/vocabularyWords.js'

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
  /** A language's name in the interface's language ("Thai"). */
  languageName: (lang: string) => string
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The checklist of `readiness`, group by group, in the order the desk shows them. */
export function signingChecklist(readiness: SigningReadinessView, context: ChecklistContext): ChecklistGroup[] {
  const nameOf = (code: string) => context.parties.find((party) => party.code === code)?.shortName ?? code
  const groups: ChecklistGroup[] = []

  groups.push({
    kind: 'unagreed',
    title: t('signing.group.unagreed'),
    blocking: true,
    done: t('signing.done.unagreed'),
    items: readiness.unagreed.map((entry) => {
      const waiting = context.parties.filter((party) => !entry.agreedBy.includes(party.code)).map((party) => party.shortName)
      const agreedBy = entry.agreedBy.length > 0 ? listOf(entry.agreedBy.map(nameOf), 'and') : 'none'
      return {
        clauseId: entry.clauseId,
        subject: `${entry.label}${entry.heading ? ` — ${entry.heading}` : ''}`,
        detail: t('signing.unagreed.detail', { status: statusName(entry.status), agreedBy, waiting: listOf(waiting, 'or') }),
      }
    }),
  })

  if (context.otherLanguages.length > 0) {
    const byClause = new Map<string, ChecklistItem & { languages: string[] }>()
    for (const entry of readiness.translations) {
      const words = t('signing.translation.entry', { language: context.languageName(entry.lang), status: entry.status })
      const item = byClause.get(entry.clauseId)
      if (item) item.languages.push(words)
      else byClause.set(entry.clauseId, { clauseId: entry.clauseId, subject: entry.label, detail: '', languages: [words] })
    }
    groups.push({
      kind: 'translations',
      title: t('signing.group.translations'),
      blocking: true,
      done: t('signing.done.translations', { languages: listOf(context.otherLanguages.map(context.languageName), 'and') }),
      items: [...byClause.values()].map(({ languages, ...item }) => ({ ...item, detail: languages.join('; ') })),
    })
  }

  groups.push({
    kind: 'brackets',
    title: t('signing.group.brackets'),
    blocking: true,
    done: t('signing.done.brackets'),
    items: readiness.brackets.map((bracket) => ({
      clauseId: bracket.clauseId,
      subject: bracket.label ?? t('signing.outsideClauses'),
      detail: t('signing.bracket.detail', { text: bracket.text, owners: listOf([...new Set(bracket.owners)].map(nameOf), 'and') }),
    })),
  })

  groups.push({
    kind: 'wording',
    title: t('signing.group.wording'),
    blocking: false,
    done: t('signing.done.wording'),
    items: readiness.wording
      .filter((entry) => entry.findings > 0)
      .map((entry) => ({
        clauseId: null,
        subject: context.languageName(entry.lang),
        detail: t('signing.wording.detail', { count: entry.findings }),
      })),
  })

  groups.push({
    kind: 'signing',
    title: t('signing.group.signing'),
    blocking: false,
    done: t('signing.done.signing'),
    items: readiness.signing.missing.map((missing) => ({ clauseId: null, subject: capitalised(missing), detail: t('signing.missing.detail') })),
  })
  return groups
}

/** One line on the whole: ready for signature, or how many open items keep it from it. */
export function readinessSummary(readiness: SigningReadinessView, groups: readonly ChecklistGroup[]): string {
  const open = groups.filter((group) => group.blocking).reduce((count, group) => count + group.items.length, 0)
  if (readiness.ready) return t('signing.ready')
  return t('signing.notReady', { open })
}
