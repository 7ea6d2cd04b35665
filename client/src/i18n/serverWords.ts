/**
 * Sentences the server sent as words (`server/vocabulary/words.ts`) — a
 * refusal, what waits on a member — said in the interface's language: the
 * message from the catalogues (whose English is the server's), the codes
 * in its values named here too.
 */

import type { Words } from '../../../server/vocabulary/words.js'
import { namedValues, type WordNames } from '../../../server/vocabulary/words.js'
import { isRole } from '../../../server/vocabulary/member.js'
import { listOf, t, type MessageKey } from './translator.js'
import { formatDateTime } from './dateFormat.js'
import { languageNameInInterface, partInSentence, roleInSentence, statusInSentence } from './vocabularyWords.js'

/** The codes in a sentence's values, named in the interface's language. */
const interfaceNames: WordNames = {
  status: statusInSentence,
  role: (code) => (isRole(code) ? roleInSentence(code) : code),
  part: partInSentence,
  language: languageNameInInterface,
  secretariat: () => t('words.secretariat'),
  list: listOf,
  moment: (iso) => formatDateTime(iso),
}

/** `words` in the interface's language. */
export function sayWords(words: Words<MessageKey>): string {
  return t(words.key, namedValues(words.values, interfaceNames))
}
