/**
 * What a document in several languages adds to the page: the switch
 * between texts, the columns that show them (each other language an
 * editor of its own), the translation statuses the server derives, with a
 * "Confirm" for the members who may, and the outline's view of them. A
 * document in one language gets none of it, and the page is as it was.
 */

import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { Api } from './api.js'
import { createTranslationEditor } from './editor/translationEditor.js'
import { WorkingStatuses } from './editor/workingStatuses.js'
import { languageLabel, languageName } from './languageNames.js'
import type { OutlineTranslations } from './panels/outlinePanel.js'
import type { Notices } from './panels/notices.js'
import { LanguageSwitch, textChoices } from './panels/languageSwitch.js'
import { TextColumns } from './panels/textColumns.js'
import { mayConfirm } from '../../server/vocabulary/translation.js'
import { TranslationRegister } from './translationRegister.js'
import { contentFragmentName } from '../../server/vocabulary/documentRoots.js'
import type { SessionView } from '../../server/vocabulary/views.js'
import { errorText } from './i18n/errorWords.js'
import { t } from './i18n/translator.js'

export interface LanguageTools {
  readonly texts: TextColumns
  readonly languageSwitch: LanguageSwitch
  /** The translation statuses: asked for once the page calls `register.follow(doc)` (after the text has come). */
  readonly register: TranslationRegister
  /** For the outline: the statuses and the languages' names. */
  readonly outline: OutlineTranslations
}

export interface LanguageToolsOptions {
  api: Api
  session: SessionView
  doc: Y.Doc
  awareness: Awareness
  /** Where the working editor is (or will be) mounted. */
  workingMount: HTMLElement
  notices: Notices
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

/** The tools for the session's document, or null when it has no other language. */
export function languageTools(options: LanguageToolsOptions): LanguageTools | null {
  const { api, session, doc, notices } = options
  const document_ = session.document!
  const { working, others } = document_.languages
  if (others.length === 0) return null
  const member = session.member
  const register = new TranslationRegister(api)
  const statuses = new WorkingStatuses(doc.getXmlFragment(contentFragmentName))
  const explain = (message: string) => notices.show(message, 'warning')

  const confirm = (lang: string) => async (clauseId: string, label: string, button: HTMLButtonElement) => {
    button.disabled = true
    try {
      await register.confirm(clauseId, lang)
      notices.show(t('text.confirmed', { label, language: languageName(lang) }))
    } catch (error) {
      notices.show(errorText(error), 'warning')
      button.disabled = false
    }
  }

  const texts: TextColumns = new TextColumns({
    working,
    workingMount: options.workingMount,
    heading: languageLabel,
    create: (lang, mount) =>
      createTranslationEditor({
        mount,
        doc,
        lang,
        awareness: options.awareness,
        style: document_.style,
        editable: session.may.edit,
        statuses,
        marks: {
          lang,
          languageName: languageName(lang),
          workingName: languageName(working),
          parties: document_.parties,
          canConfirm: mayConfirm(member, document_.parties, lang),
          confirm: confirm(lang),
          statusOf: (clauseId) => register.get(clauseId, lang),
        },
        onStatuses: (listener) => register.subscribe(listener),
        explain,
        party: member?.party ?? null,
        onChange: () => texts.update(),
      }),
  })

  const own = document_.parties.find((party) => party.code === member?.party)?.language ?? null
  const languageSwitch = new LanguageSwitch(textChoices(document_.languages, own, languageLabel), options.storage, `counterpart:text:${document_.id}`, (langs) => texts.show(langs))
  return {
    texts,
    languageSwitch,
    register,
    outline: { languages: others, statusOf: (clauseId, lang) => register.get(clauseId, lang)?.status ?? null, name: languageName },
  }
}
