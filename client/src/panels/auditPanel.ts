/**
 * The audit trail, as this member may read it: every shared event of the
 * negotiation and those of the member's own party (the secretariat sees
 * all), newest first.
 */

import type { Api } from '../api.js'
import type { AuditEntryView, SessionView } from '../../../server/vocabulary/views.js'
import { isRole } from '../../../server/vocabulary/member.js'
import { isRefusalWords } from '../../../server/vocabulary/refusal.js'
import { h, replaceChildren } from '../dom.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { errorText } from '../i18n/errorWords.js'
import { sayWords } from '../i18n/serverWords.js'
import { isMessageKey, t } from '../i18n/translator.js'
import { languageNameInInterface, revisionLabel, roleName, statusName } from '../i18n/vocabularyWords.js'

/** An audit event in words; one this client does not know, by its code. */
function eventName(event: string): string {
  const key = `audit.event.${event}`
  return isMessageKey(key) ? t(key) : event
}

/**
 * A fact of an audit entry in words: statuses, roles and languages named in
 * the interface's language, a refusal's reason said from its words when the
 * entry has them, the rest as recorded.
 */
function detailValue(key: string, value: unknown, details: Record<string, unknown>): string {
  if (key === 'reason' && isRefusalWords(details.words)) return sayWords(details.words)
  if (typeof value !== 'string') return JSON.stringify(value)
  if ((key === 'role' || key === 'from' || key === 'to') && isRole(value)) return roleName(value)
  if (key === 'from' || key === 'to') return statusName(value)
  if (key === 'lang') return languageNameInInterface(value)
  if (key === 'label') return revisionLabel(value)
  return value
}

export function auditPanel(api: Api, session: SessionView, clauseLabel: (clauseId: string) => string | null): HTMLElement {
  const list = h('ol', { class: 'audit-list', 'aria-label': t('audit.label') })
  const describe = (entry: AuditEntryView) => {
    const actor = entry.actor.kind === 'server' ? 'Counterpart' : entry.actor.kind === 'admin' ? t('audit.actor.administrator') : (entry.actor.party ?? t('audit.actor.secretariat'))
    const clause = entry.clauseId ? (clauseLabel(entry.clauseId) ?? t('audit.clauseGone')) : null
    const detail = Object.entries(entry.details)
      .filter(([key]) => !['memberId', 'sha256', 'words'].includes(key))
      .map(([key, value]) => t('audit.detail', { key, value: detailValue(key, value, entry.details) }))
      .join(' · ')
    return h(
      'li',
      { 'data-event': entry.event },
      h('span', { class: 'audit-time' }, formatDateTime(entry.at)),
      h('strong', {}, ` ${eventName(entry.event)}`),
      ` — ${actor}${clause ? `, ${clause}` : ''}`,
      detail ? h('div', { class: 'audit-detail' }, detail) : null,
    )
  }
  const load = async () => {
    try {
      const entries = await api.audit()
      replaceChildren(list, entries.length === 0 ? h('li', { class: 'empty' }, t('audit.nothing')) : [...entries].reverse().map(describe))
    } catch (error) {
      replaceChildren(list, h('li', { class: 'empty' }, errorText(error)))
    }
  }
  const scope = t(session.member?.role === 'secretariat' || !session.member ? 'audit.scope.all' : 'audit.scope.party')
  return h('section', { class: 'panel audit', 'aria-label': t('audit.label') }, h('p', { class: 'hint' }, scope), h('button', { class: 'refresh', onclick: () => void load() }, t('audit.load')), list)
}
