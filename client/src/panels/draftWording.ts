/**
 * The member's delegation's draft wording for the clause at the cursor, in
 * the Negotiation tab under the private note: a small ProseMirror editor
 * (paragraphs, strong, em, underline: `draftSchema.ts`) bound by
 * y-prosemirror to the clause's `draft:<clauseId>` in the party's own
 * draft document (`draftDocument.ts`), so the delegation's members write
 * it together, live; marked as the delegation's alone. "Propose as our
 * bracket" brings it into the shared text as the party's bracketed
 * proposal at the end of the clause, and for each bracket of the clause
 * in which the party has no alternative yet, "Propose as our alternative
 * to [their wording]" makes it the party's alternative there; what
 * happened is said in words. Shown to a party's heads of delegation,
 * delegates and legal staff only (the server lets nobody else in).
 */

import { baseKeymap, toggleMark } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { redo, undo, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import type { Api } from '../api.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { bracketsOf } from '../../../server/vocabulary/brackets.js'
import { isLocked } from '../../../server/vocabulary/clauseState.js'
import type { DraftProposalView } from '../../../server/vocabulary/privateLayer.js'
import { h, replaceChildren } from '../dom.js'
import type { DraftConnectionState, DraftDocument } from '../draftDocument.js'
import { draftSchema, draftWording } from '../editor/draftSchema.js'
import { negotiatedAt } from '../negotiatedNodes.js'
import { proposalTargets, type AlternativeTarget } from '../proposalTargets.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import type { Notices } from './notices.js'

/** The party whose drafts these are: its code, and its short name as the page says it ("DSI"). */
export interface DraftParty {
  code: string
  name: string
}

export class DraftWording {
  readonly element: HTMLElement
  private readonly heading = h('h4', { class: 'draft-heading', id: 'draft-heading' })
  /** Where the clause's draft editor goes. */
  private readonly mount = h('div', { class: 'draft-editor' })
  private readonly state = h('p', { class: 'draft-state hint', role: 'status' })
  private readonly actions = h('div', { class: 'draft-actions' })
  /** The editor of the clause's draft shown, and the clause it is of. */
  private editor: { view: EditorView; clauseId: string } | null = null
  /** The clause at the cursor, if any. */
  private clause: { id: string; label: string; status: string } | null = null
  /** The top-level node the caret was last seen in, and its index: nothing shown here changes while both stay. */
  private seen: { node: unknown; index: number } | null = null
  /** The brackets of the clause at the cursor the draft may join, as last found. */
  private targets: AlternativeTarget[] = []
  private actionsSignature = ''
  private proposing = false

  constructor(
    private readonly api: Api,
    private readonly drafts: DraftDocument,
    private readonly party: DraftParty,
    private readonly style: InstrumentStyle,
    private readonly notices: Notices,
    /** The working language, in which the draft is written. */
    private readonly lang: string,
  ) {
    this.element = h(
      'section',
      { class: 'draft-wording', 'aria-labelledby': 'draft-heading' },
      this.heading,
      h('p', { class: 'draft-scope' }, t('drafts.scope', { party: party.name })),
      this.mount,
      this.state,
      this.actions,
    )
    this.heading.textContent = t('drafts.heading', { party: party.name })
    this.element.hidden = true
    drafts.subscribe((state) => this.connectionChanged(state))
  }

  /** Follows the clause at the cursor of the shared text's `view`: its draft, and where it may be proposed. */
  update(view: EditorView): void {
    const { $from } = view.state.selection
    const seen = { node: $from.depth >= 1 ? $from.node(1) : null, index: $from.index(0) }
    // The same node at the same place: neither the clause, its number, its status nor its brackets changed.
    if (this.seen && seen.node === this.seen.node && seen.index === this.seen.index) return
    this.seen = seen
    const at = negotiatedAt(view.state, this.style)
    if (!at || at.kind !== 'clause' || at.id === null) {
      this.clause = null
      this.element.hidden = true
      return
    }
    this.element.hidden = false
    this.clause = { id: at.id, label: at.label, status: at.state.status }
    if (this.editor?.clauseId !== at.id) this.bind(at.id)
    this.editor!.view.dom.setAttribute('aria-label', t('drafts.field', { party: this.party.name, label: at.label }))
    this.showActions(proposalTargets(bracketsOf(at.node), this.party.code))
  }

  /** Puts the draft of `clauseId` in the editor (connecting to the drafts the first time). */
  private bind(clauseId: string): void {
    this.editor?.view.destroy()
    const marks = draftSchema.marks
    const state = EditorState.create({
      schema: draftSchema,
      plugins: [
        ySyncPlugin(this.drafts.draftOf(clauseId)),
        yUndoPlugin(),
        keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo, 'Mod-b': toggleMark(marks.strong!), 'Mod-i': toggleMark(marks.em!), 'Mod-u': toggleMark(marks.underline!) }),
        keymap(baseKeymap),
      ],
    })
    const view = new EditorView(this.mount, {
      state,
      // Written in once the server's draft is here, so that nothing typed meanwhile lands beside it rather than in it.
      editable: () => this.drafts.state.kind === 'live',
      attributes: { class: 'draft-text', role: 'textbox', 'aria-multiline': 'true', lang: this.lang },
    })
    this.editor = { view, clauseId }
    this.connectionChanged(this.drafts.state)
  }

  /** Says where the drafts' connection stands, and lets the editor be written in only while it is live. */
  private connectionChanged(state: DraftConnectionState): void {
    this.editor?.view.setProps({})
    const party = this.party.name
    this.element.dataset.connection = state.kind
    const words =
      state.kind === 'live'
        ? t('drafts.live', { party })
        : state.kind === 'closed'
          ? t('drafts.closed', { party, reason: state.reason })
          : t('drafts.connecting', { party, again: state.kind === 'connecting' && state.again ? 'yes' : 'no' })
    if (this.state.textContent !== words) this.state.textContent = words
    this.showActions(this.targets)
  }

  /** The proposal buttons: as a new bracket, and as the party's alternative in each bracket that has none of its own; drawn again only when they change. */
  private showActions(targets: AlternativeTarget[]): void {
    this.targets = targets
    const clause = this.clause
    const live = this.drafts.state.kind === 'live'
    const signature = JSON.stringify([clause, targets, live, this.proposing])
    if (signature === this.actionsSignature) return
    this.actionsSignature = signature
    if (clause === null) return
    // Agreed text is locked: the server would refuse the proposal until the agreement is withdrawn or the clause reopened.
    const locked = isLocked(clause.status)
    const disabled = !live || this.proposing || locked
    replaceChildren(
      this.actions,
      h('button', { type: 'button', class: 'propose-draft', disabled, onclick: () => void this.propose(null) }, t('drafts.propose')),
      targets.map((target) =>
        h('button', { type: 'button', class: 'propose-alternative', 'data-bracket-id': target.bracketId, disabled, onclick: () => void this.propose(target) }, t('drafts.proposeAlternative', { wording: target.wording })),
      ),
      locked ? h('p', { class: 'hint draft-locked' }, t('guard.locked', { label: clause.label, status: clause.status })) : null,
    )
  }

  /** Proposes the draft shown: as a new bracket (`target` null) or as the party's alternative in `target`; says what happened. */
  private async propose(target: AlternativeTarget | null): Promise<void> {
    const editor = this.editor
    const clause = this.clause
    if (!editor || !clause || this.proposing) return
    if (draftWording(editor.view.state.doc).length === 0) {
      this.notices.show(t('drafts.writeFirst', { label: clause.label }), 'warning')
      return
    }
    this.proposing = true
    this.showActions(this.targets)
    // The last keystrokes leave before the request, on the socket that carries them to the draft the server proposes.
    this.drafts.flush()
    try {
      const proposal = await this.api.proposeDraft(clause.id, target?.bracketId ?? null)
      this.notices.show(proposedWords(proposal, clause.label, this.party.name, target))
    } catch (error) {
      this.notices.show(t('drafts.notProposed', { label: clause.label, reason: reasonOf(error) }), 'warning')
    } finally {
      this.proposing = false
      this.showActions(this.targets)
    }
  }
}

/** What a proposal did, in words: the draft is in the clause as the party's bracket, or as its alternative beside `target`'s wording. */
function proposedWords(proposal: DraftProposalView, label: string, party: string, target: AlternativeTarget | null): string {
  return target === null ? t('drafts.proposed', { label, party, text: proposal.text }) : t('drafts.proposedAlternative', { label, party, text: proposal.text, wording: target.wording })
}
