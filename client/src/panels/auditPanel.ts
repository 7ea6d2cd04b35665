/**
 * The audit trail, as this member may read it: every shared event of the
 * negotiation and those of the member's own party (the secretariat sees
 * all), newest first.
 */

import type { Api } from '../api.js'
import type { AuditEntryView, SessionView } from '../../../server/vocabulary/views.js'
import { h, replaceChildren } from '../dom.js'

const eventNames: Record<string, string> = {
  'member-added': 'Member added',
  'member-revoked': 'Member revoked',
  'member-role-changed': 'Role changed',
  'invitation-sent': 'Invitation sent',
  'invitation-accepted': 'Invitation accepted',
  'invitation-withdrawn': 'Invitation withdrawn',
  'clause-deleted': 'Clause deleted',
  'translation-confirmed': 'Translation confirmed',
  'signing-set': 'Signature page set',
  'settings-changed': 'Settings changed',
  'clause-negotiation-started': 'Negotiation started',
  'clause-agreed-ad-referendum': 'Agreed ad referendum',
  'clause-agreed': 'Agreed',
  'clause-agreement-withdrawn': 'Agreement withdrawn',
  'clause-reopen-requested': 'Reopening requested',
  'clause-reopened': 'Reopened',
  'bracket-resolved': 'Bracket resolved',
  'bracket-resolution-requested': 'Bracket resolution asked',
  'bracket-resolution-accepted': 'Bracket resolution accepted',
  'bracket-resolution-declined': 'Bracket resolution declined',
  'bracket-resolution-cancelled': 'Bracket resolution cancelled',
  'bracket-alternative-withdrawn': 'Alternative withdrawn',
  'revision-created': 'Revision recorded',
  'revision-restored': 'Revision restored',
  'revision-checkpoint': 'Automatic checkpoint',
  'signing-copy-exported': 'Signing copy exported',
  'redline-exported': 'Redline exported',
  'update-refused': 'Change refused',
}

export function auditPanel(api: Api, session: SessionView, clauseLabel: (clauseId: string) => string | null): HTMLElement {
  const list = h('ol', { class: 'audit-list', 'aria-label': 'Audit trail' })
  const describe = (entry: AuditEntryView) => {
    const actor = entry.actor.kind === 'server' ? 'Counterpart' : entry.actor.kind === 'admin' ? 'Administrator' : `${entry.actor.party ?? 'Secretariat'}`
    const clause = entry.clauseId ? (clauseLabel(entry.clauseId) ?? 'a clause no longer in the text') : null
    const detail = Object.entries(entry.details)
      .filter(([key]) => !['memberId', 'sha256'].includes(key))
      .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' · ')
    return h(
      'li',
      { 'data-event': entry.event },
      h('span', { class: 'audit-time' }, new Date(entry.at).toLocaleString()),
      h('strong', {}, ` ${eventNames[entry.event] ?? entry.event}`),
      ` — ${actor}${clause ? `, ${clause}` : ''}`,
      detail ? h('div', { class: 'audit-detail' }, detail) : null,
    )
  }
  const load = async () => {
    try {
      const entries = await api.audit()
      replaceChildren(list, entries.length === 0 ? h('li', { class: 'empty' }, 'Nothing recorded yet.') : [...entries].reverse().map(describe))
    } catch (error) {
      replaceChildren(list, h('li', { class: 'empty' }, error instanceof Error ? error.message : String(error)))
    }
  }
  const scope = session.member?.role === 'secretariat' || !session.member ? 'Every event of the negotiation.' : 'The shared events, and those of your own party.'
  return h('section', { class: 'panel audit', 'aria-label': 'Audit trail' }, h('p', { class: 'hint' }, scope), h('button', { class: 'refresh', onclick: () => void load() }, 'Load the audit trail'), list)
}
