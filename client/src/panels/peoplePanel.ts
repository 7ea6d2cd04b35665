/**
 * People: the members of this negotiation by party, with their roles and
 * who is here now; for whoever may, a role to change, a member to revoke,
 * a member to invite (the single-use link shown once, to copy), and the
 * invitations with where each stands — withdrawn or sent again while they
 * can be. Each control is shown only to whom may use it
 * (`memberGovernance`); the server decides, and its refusals are shown in
 * its words. Checked again each time the tab is shown.
 */

import type { Awareness } from 'y-protocols/awareness'
import type { Api } from '../api.js'
import { h, replaceChildren } from '../dom.js'
import { mayAdd, mayRevoke, placesToAdd, rolesToGive, type Governor, type Place } from '../memberGovernance.js'
import type { Notices } from './notices.js'
import type { InvitationView } from '../../../server/vocabulary/invitation.js'
import { managesMembers, type Role } from '../../../server/vocabulary/member.js'
import { formatDate, formatDateTime } from '../i18n/dateFormat.js'
import { errorText, reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { roleName } from '../i18n/vocabularyWords.js'
import type { ListedMemberView, MemberView, PartyView, SessionView } from '../../../server/vocabulary/views.js'

/** A new invitation's link, as POST …/invitations and …/resend answer. */
type MadeInvitation = InvitationView & { url: string }

export interface PeoplePanelOptions {
  api: Api
  session: SessionView
  notices: Notices
  /** The document's presences: whose member id is among them is "here now". */
  awareness: Awareness
}

export class PeoplePanel {
  readonly element = h('section', { class: 'panel people', 'aria-label': t('people.label') })
  private readonly status = h('p', { class: 'hint', role: 'status' }, t('people.loading'))
  private readonly groups = h('div', { class: 'people-groups' })
  private readonly inviteSection = h('div', { class: 'people-invite' })
  private readonly linkBox = h('div', { class: 'invitation-link', 'aria-live': 'polite' })
  private readonly invitationSection = h('div', { class: 'people-invitations' })
  private readonly who: Governor
  private readonly parties: PartyView[]
  private members: ListedMemberView[] = []
  private invitations: InvitationView[] | null = null
  private present = ''
  /** Revoke buttons asked once, by member id: the next press revokes. */
  private readonly confirming = new Set<string>()
  private checking: Promise<void> | null = null
  /** The places the invite form offers now, as JSON: it is built again only when they change. */
  private placesOffered: string | null = null
  private again: Promise<void> | null = null

  constructor(private readonly options: PeoplePanelOptions) {
    const { session } = options
    this.who = session.kind === 'admin' || !session.member ? { kind: 'admin' } : { kind: 'member', id: session.member.id, role: session.member.role, party: session.member.party }
    this.parties = [...session.document!.parties].sort((a, b) => a.position - b.position)
    this.linkBox.hidden = true
    this.element.append(this.status, this.groups, this.linkBox, this.inviteSection, this.invitationSection)
    options.awareness.on('change', () => {
      // Only who is here matters to this list: re-drawn when that changes, not on every cursor move.
      const present = this.presentIds()
      if (present.join() === this.present) return
      // Someone here whom the list does not know has just joined (an invitation accepted): read the members again.
      if (this.members.length > 0 && present.some((id) => !this.members.some((member) => member.id === id))) void this.refresh()
      else this.renderMembers()
    })
  }

  /**
   * Reads the members (and the invitations, for whoever may see them) again
   * and shows them, one read at a time; asked during a read, it reads once
   * more after it (the answer in flight may predate what asked).
   */
  refresh(): Promise<void> {
    if (this.checking) return (this.again ??= this.checking.then(() => ((this.again = null), this.refresh())))
    this.checking = this.read().finally(() => (this.checking = null))
    return this.checking
  }

  private async read(): Promise<void> {
    const { api } = this.options
    try {
      const [members, invitations] = await Promise.all([
        api.json<{ members: ListedMemberView[] }>('GET', `/api/documents/${api.documentId}/members`).then((body) => body.members),
        managesMembers(this.who) ? api.json<{ invitations: InvitationView[] }>('GET', `/api/documents/${api.documentId}/invitations`).then((body) => body.invitations) : null,
      ])
      this.members = members
      this.invitations = invitations
      this.render()
    } catch (error) {
      this.status.textContent = t('people.unreadable', { reason: reasonOf(error) })
    }
  }

  private render(): void {
    const current = this.members.filter((member) => member.revokedAt === null)
    const pending = this.invitations?.filter((invitation) => invitation.status === 'pending').length ?? 0
    this.status.textContent = t('people.count', { members: current.length, invitations: this.invitations ? 'listed' : 'none', pending })
    this.renderMembers()
    this.renderInviteForm()
    this.renderInvitations()
  }

  /** The member ids with a presence in the document now. */
  private presentIds(): string[] {
    // This page's own presence carries no stamp of its own: whoever reads this is here.
    const ids = new Set<string>(this.who.kind === 'member' ? [this.who.id] : [])
    for (const state of this.options.awareness.getStates().values()) {
      const memberId = (state as { user?: { memberId?: string } }).user?.memberId
      if (memberId) ids.add(memberId)
    }
    return [...ids].sort()
  }

  private renderMembers(): void {
    const present = this.presentIds()
    this.present = present.join()
    const here = new Set(present)
    const current = this.members.filter((member) => member.revokedAt === null)
    const groups: { title: string; members: ListedMemberView[] }[] = [
      ...this.parties.map((party) => ({ title: t('people.partyGroup', { name: party.shortName || party.name, code: party.code }), members: current.filter((member) => member.party === party.code) })),
      { title: t('people.othersGroup'), members: current.filter((member) => member.party === null) },
    ]
    replaceChildren(
      this.groups,
      groups
        .filter((group) => group.members.length > 0)
        .map((group) =>
          h(
            'section',
            { class: 'people-group', 'aria-label': group.title },
            h('h4', {}, group.title),
            h('ul', { class: 'people-list' }, group.members.map((member) => this.memberRow(member, here.has(member.id)))),
          ),
        ),
    )
  }

  private memberRow(member: ListedMemberView, hereNow: boolean): HTMLElement {
    const self = this.who.kind === 'member' && this.who.id === member.id
    const choices = rolesToGive(this.who, member, this.members)
    const role =
      choices.length > 1
        ? h(
            'select',
            { class: 'member-role', 'aria-label': t('people.roleOf', { name: member.name }), onchange: (event: Event) => void this.changeRole(member, (event.target as HTMLSelectElement).value as Role) },
            choices.map((choice) => h('option', { value: choice, selected: choice === member.role }, roleName(choice))),
          )
        : h('span', { class: 'member-role' }, roleName(member.role))
    const confirming = this.confirming.has(member.id)
    return h(
      'li',
      { class: 'person', 'data-member': member.id },
      h('span', { class: 'person-name' }, member.name, self ? ` ${t('people.you')}` : ''),
      hereNow ? h('span', { class: 'here-now' }, t('people.hereNow')) : h('span', { class: 'last-seen' }, lastSeenText(member.lastSeenAt)),
      h('span', { class: 'person-controls' },
        role,
        mayRevoke(this.who, member, this.members)
          ? h(
              'button',
              { type: 'button', class: confirming ? 'revoke confirming' : 'revoke', 'aria-label': t('people.revokeLabel', { confirming: confirming ? 'yes' : 'no', name: member.name }), onclick: () => void this.revoke(member) },
              t(confirming ? 'people.confirmRevoke' : 'people.revoke'),
            )
          : null,
      ),
    )
  }

  private renderInviteForm(): void {
    const places = placesToAdd(this.who, this.parties.map((party) => party.code), this.members)
    // The same places: the form stays as it is, with whatever is being typed into it.
    const offered = JSON.stringify(places)
    if (offered === this.placesOffered) return
    this.placesOffered = offered
    if (places.length === 0) return replaceChildren(this.inviteSection)
    const parties = [...new Set(places.map((place) => place.party))]
    const name = h('input', { type: 'text', class: 'invite-name', required: true, maxlength: 200, autocomplete: 'off' })
    const party = h('select', { class: 'invite-party' }, parties.map((code) => h('option', { value: code ?? '' }, code === null ? t('people.neitherParty') : this.partyLabel(code))))
    const role = h('select', { class: 'invite-role' })
    const fillRoles = () => {
      const chosen = party.value || null
      const previous = role.value
      replaceChildren(role, places.filter((place) => place.party === chosen).map((place) => h('option', { value: place.role, selected: place.role === previous }, roleName(place.role))))
    }
    party.addEventListener('change', fillRoles)
    fillRoles()
    const field = (label: string, control: HTMLElement) => h('label', { class: 'invite-field' }, h('span', {}, label), control)
    replaceChildren(
      this.inviteSection,
      h('h4', {}, t('people.inviteHeading')),
      h(
        'form',
        {
          class: 'invite-form',
          'aria-label': t('people.inviteHeading'),
          onsubmit: (event: Event) => {
            event.preventDefault()
            void this.invite({ party: party.value || null, role: role.value as Role }, name.value.trim())
          },
        },
        field(t('people.field.name'), name),
        field(t('people.field.party'), party),
        field(t('people.field.role'), role),
        h('button', { type: 'submit', class: 'invite' }, t('people.invite')),
      ),
    )
  }

  private renderInvitations(): void {
    if (this.invitations === null) return replaceChildren(this.invitationSection)
    const newestFirst = [...this.invitations].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    replaceChildren(
      this.invitationSection,
      h('h4', {}, t('people.invitationsHeading')),
      newestFirst.length === 0
        ? h('p', { class: 'empty' }, t('people.noInvitations'))
        : h('ul', { class: 'invitation-list', 'aria-label': t('people.invitationsHeading') }, newestFirst.map((invitation) => this.invitationRow(invitation))),
    )
  }

  private invitationRow(invitation: InvitationView): HTMLElement {
    const open = invitation.status === 'pending' || invitation.status === 'expired'
    const may = open && mayAdd(this.who, invitation, this.members)
    const when =
      invitation.status === 'used' && invitation.usedAt
        ? t('people.invitation.accepted', { date: formatDate(invitation.usedAt) })
        : invitation.status === 'pending'
          ? t('people.invitation.expires', { date: formatDate(invitation.expiresAt) })
          : invitation.status === 'expired'
            ? t('people.invitation.expired', { date: formatDate(invitation.expiresAt) })
            : ''
    return h(
      'li',
      { class: `invitation invitation-${invitation.status}`, 'data-invitation': invitation.id },
      h('span', { class: 'person-name' }, invitation.name),
      h('span', { class: 'invitation-place' }, roleName(invitation.role), invitation.party ? ` · ${invitation.party}` : ''),
      h('span', { class: 'invitation-status' }, t(`people.invitationStatus.${invitation.status}`), when ? ` · ${when}` : ''),
      may
        ? h(
            'span',
            { class: 'person-controls' },
            invitation.status === 'pending' ? h('button', { type: 'button', class: 'withdraw', 'aria-label': t('people.withdrawLabel', { name: invitation.name }), onclick: () => void this.withdraw(invitation) }, t('people.withdraw')) : null,
            h('button', { type: 'button', class: 'resend', 'aria-label': t('people.resendLabel', { name: invitation.name }), onclick: () => void this.resend(invitation) }, t('people.resend')),
          )
        : null,
    )
  }

  /** Shows a new link once, selected in a read-only field, with a Copy button. */
  private showLink(made: MadeInvitation): void {
    const field = h('input', { type: 'text', class: 'invitation-url', readonly: true, value: made.url, 'aria-label': t('people.linkFor', { name: made.name }) })
    const said = h('span', { class: 'hint', role: 'status' })
    const copy = async () => {
      field.select()
      try {
        await navigator.clipboard.writeText(made.url)
        said.textContent = t('people.copied')
      } catch {
        said.textContent = t('people.copyByKeys')
      }
    }
    replaceChildren(
      this.linkBox,
      h('p', {}, t('people.linkShown', { name: made.name, date: formatDate(made.expiresAt) })),
      field,
      h('span', { class: 'link-actions' }, h('button', { type: 'button', class: 'copy-link', onclick: () => void copy() }, t('people.copy')), h('button', { type: 'button', class: 'dismiss-link', onclick: () => (this.linkBox.hidden = true) }, t('people.done')), said),
    )
    this.linkBox.hidden = false
    field.focus()
    field.select()
  }

  private async invite(place: Place, name: string): Promise<void> {
    if (!name) return this.options.notices.show(t('people.nameMissing'), 'warning')
    const made = await this.attempt(() => this.options.api.json<MadeInvitation>('POST', this.path('invitations'), { name, party: place.party, role: place.role }))
    if (made) this.showLink(made)
    await this.refresh()
  }

  private async resend(invitation: InvitationView): Promise<void> {
    const made = await this.attempt(() => this.options.api.json<MadeInvitation>('POST', this.path(`invitations/${invitation.id}/resend`)))
    if (made) this.showLink(made)
    await this.refresh()
  }

  private async withdraw(invitation: InvitationView): Promise<void> {
    await this.attempt(() => this.options.api.json<InvitationView>('DELETE', this.path(`invitations/${invitation.id}`)))
    await this.refresh()
  }

  private async changeRole(member: MemberView, role: Role): Promise<void> {
    const changed = await this.attempt(() => this.options.api.json<{ member: MemberView }>('PATCH', this.path(`members/${member.id}`), { role }))
    if (changed) this.options.notices.show(t('people.roleChanged', { name: member.name, role }))
    await this.refresh()
  }

  private async revoke(member: MemberView): Promise<void> {
    if (!this.confirming.has(member.id)) {
      this.confirming.add(member.id)
      this.renderMembers()
      ;(this.groups.querySelector(`[data-member="${member.id}"] .revoke`) as HTMLButtonElement | null)?.focus()
      return
    }
    this.confirming.delete(member.id)
    const revoked = await this.attempt(() => this.options.api.json<{ member: MemberView }>('DELETE', this.path(`members/${member.id}`)))
    if (revoked) this.options.notices.show(t('people.revoked', { name: member.name }))
    await this.refresh()
  }

  /** Runs `request`; a refusal is shown in the server's words, and gives null. */
  private async attempt<T>(request: () => Promise<T>): Promise<T | null> {
    try {
      return await request()
    } catch (error) {
      this.options.notices.show(errorText(error), 'warning')
      return null
    }
  }

  private path(rest: string): string {
    return `/api/documents/${this.options.api.documentId}/${rest}`
  }

  private partyLabel(code: string): string {
    const party = this.parties.find((candidate) => candidate.code === code)
    return party ? t('people.partyGroup', { name: party.shortName || party.name, code }) : code
  }
}

/** "last seen 5 Dec 2026, 14:05", or "not here yet" for a member who has never opened the document. */
function lastSeenText(lastSeenAt: string | null): string {
  if (lastSeenAt === null) return t('people.notHereYet')
  return t('people.lastSeen', { date: formatDateTime(lastSeenAt) })
}
