/**
 * The shared vocabulary's names in the reader's language: roles, clause
 * statuses, the negotiated parts (the title, the preamble, the final
 * provisions), and the languages of a document's texts.
 */

import type { Role } from '../../../server/vocabulary/member.js'
import type { negotiatedParts } from '../../../server/vocabulary/schema.js'
import { localeOf } from './languageChoice.js'
import { interfaceLanguage, t, type MessageKey } from './translator.js'

/** "Head of delegation". */
export const roleName = (role: Role): string => t(`role.${role}`)

/** "head of delegation", inside a sentence. */
export const roleInSentence = (role: Role): string => t(`role.${role}.inSentence`)

const statuses = new Set(['draft', 'under-negotiation', 'agreed-ad-referendum', 'agreed'])

/** "Agreed ad referendum"; a status this client does not know is shown as it is. */
export const statusName = (status: string): string => (statuses.has(status) ? t(`status.${status}` as MessageKey) : status)

export type PartKind = keyof typeof negotiatedParts

/** "Preamble", as a label. */
export const partLabel = (kind: PartKind): string => t(`part.${kind}`)

/** "the preamble", inside a sentence. */
export const partInSentence = (kind: PartKind): string => t(`part.${kind}.inSentence`)

const namedLanguages = new Set(['en', 'th', 'km'])

/**
 * The name of the language tagged `lang` in the interface's language
 * ("Thai", "ภาษาไทย"): Counterpart's own names for its three languages, the
 * browser's for any other (`Intl.DisplayNames`), else the tag itself.
 */
export function languageNameInInterface(lang: string): string {
  const primary = lang.split('-', 1)[0]!.toLowerCase()
  if (namedLanguages.has(primary) && primary === lang.toLowerCase()) return t(`language.${primary}` as MessageKey)
  for (const locale of [localeOf[interfaceLanguage()], 'en']) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(lang)
      if (name) return name
    } catch {
      // an ill-formed tag: the server only accepts well-formed ones
    }
  }
  return lang
}
