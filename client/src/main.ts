/**
 * The browser client of Counterpart: a member opens `/d/<documentId>`
 * (signed in, or with `?token=…`, traded for a session at once) and gets the editor, shared live with the other delegation through the
 * stock y-websocket provider, with presence, the outline, the negotiation
 * of each clause (status, brackets, locks), comments, the template
 * library, the wording check, the version log, the audit trail, party
 * references inserted from the toolbar, and (for the secretariat) the
 * signing desk. A document in several languages
 * adds the texts in the other languages, alone or side by side, with each
 * clause's translation status (`languageTools.ts`).
 */

import type { EditorView } from 'prosemirror-view'
import type { WebsocketProvider } from 'y-websocket'
import { Api, ApiError } from './api.js'
import type { SessionView } from '../../server/vocabulary/views.js'
import { h, replaceChildren } from './dom.js'
import { createEditor } from './editor/editorSetup.js'
import { connectDocument } from './documentConnection.js'
import { keptSession } from './localCopy.js'
import { keepAppShell } from './appShell.js'
import { Notices } from './panels/notices.js'
import { OutlinePanel } from './panels/outlinePanel.js'
import { presenceList } from './panels/presenceList.js'
import { revisionsPanel } from './panels/revisionsPanel.js'
import { draftImportPanel } from './panels/draftImportPanel.js'
import { templatePicker } from './panels/templatePicker.js'
import { WordingPanel } from './panels/wordingPanel.js'
import { languageTools, type LanguageTools } from './languageTools.js'
import { auditPanel } from './panels/auditPanel.js'
import { CommentsPanel } from './panels/commentsPanel.js'
import { NegotiationPanel } from './panels/negotiationPanel.js'
import { PartyReferenceMenu } from './panels/partyReferenceMenu.js'
import { ClauseReferencePicker } from './panels/clauseReferencePicker.js'
import { WaitingPanel } from './panels/waitingPanel.js'
import { PeoplePanel } from './panels/peoplePanel.js'
import { DocumentChanges } from './documentChanges.js'
import { SigningDesk } from './panels/signingDesk.js'
import { RoundsPanel } from './panels/roundsPanel.js'
import { PrivateNotes } from './panels/privateNotes.js'
import { DraftWording } from './panels/draftWording.js'
import { DraftDocument } from './draftDocument.js'
import { roundInSight, roundLine } from './roundSummary.js'
import type { RoundView } from '../../server/vocabulary/round.js'
import { partyActedFor } from '../../server/vocabulary/member.js'
import { negotiatedNodes, negotiationSignature, positionOf } from './negotiatedNodes.js'
import { languageName } from './languageNames.js'
import { TextSelection } from 'prosemirror-state'
import { reasonOf } from './i18n/errorWords.js'
import { languageChooser } from './i18n/languageChooser.js'
import { followSignedInAccount, startPageLanguage } from './i18n/pageLanguage.js'
import { richText, t } from './i18n/translator.js'
import { interfaceLabel, roleName } from './i18n/vocabularyWords.js'
import type { FirstRequests } from './request.js'
import { colorOfParty } from '../../server/vocabulary/partyColours.js'
import { Drawers } from './layout/drawers.js'
import { ResizeHandle } from './layout/resizeHandle.js'
import { skipLink } from './layout/skipLink.js'
import { afterNextPaint, oncePerFrame } from './afterPaint.js'
import { drawnText, standIn } from './firstText.js'

/** Opens the page for the requests its first script sent (`editorPage.ts`; null: the address names no document). */
export async function start(first: FirstRequests | null): Promise<void> {
  // The interface's language before anything is drawn: this browser's; the account's when it answers, which
  // differs only on a browser new to the person (then the page is drawn again if it was drawn already).
  startPageLanguage()
  let mounted = false
  void followSignedInAccount().then((changed) => changed && mounted && window.location.reload())
  const root = document.getElementById('app')!
  if (first === null) {
    root.textContent = t('editor.noDocument')
    return
  }
  const { documentId } = first
  const api = new Api(documentId)
  // Listed by the first script: whether there is a local copy to load before connecting.
  const { heldCopies } = first
  try {
    await api.traded(first)
  } catch (error) {
    root.textContent = t('editor.linkOpensNothing', { reason: reasonOf(error) })
    return
  }
  let session: SessionView
  let openedOffline = false
  try {
    session = await api.firstSession(first)
  } catch (error) {
    // The server cannot be reached: the copy kept in this browser, if any, opens instead.
    const kept = error instanceof ApiError ? null : await keptSession(heldCopies).catch(() => null)
    if (kept) {
      session = kept
      openedOffline = true
    } else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      replaceChildren(
        root,
        h('p', {}, t('editor.cannotOpenNegotiation', { reason: reasonOf(error) })),
        h('p', {}, richText('editor.signInAgain', {}, { link: (chunks) => h('a', { href: '/signin' }, chunks) })),
      )
      return
    } else {
      root.textContent = t('editor.cannotOpenDocument', { reason: reasonOf(error) })
      return
    }
  }
  if (!session.document || session.document.id !== documentId) {
    root.textContent = t('editor.wrongSession')
    return
  }
  mount(root, api, session, openedOffline, first)
  mounted = true
}

/** How long the tools wait for the text before they are built anyway (a server slow to answer, no local copy). */
const toolsPatienceMs = 2000

/**
 * Draws the page for `session`: first what the text needs — the
 * connection, the editor, the header and the outline's place — so that
 * the local copy loads and the socket opens with the page's main thread
 * (and the server) free for them; then, once the text is shown, the tools
 * beside it, whose requests would otherwise go before the text's.
 */
function mount(root: HTMLElement, api: Api, session: SessionView, openedOffline: boolean, { heldCopies, text: earlyText }: FirstRequests): void {
  const document_ = session.document!
  const notices = new Notices()
  // What changes outside the text, heard as it happens (set up with the tools that show it), until the server
  // closes the connection for good.
  let changes: DocumentChanges | null = null
  let closedForGood = false
  const closed = () => {
    closedForGood = true
    changes?.close()
  }
  // The local copy first, then the server; refusals explained (documentConnection.ts).
  const { doc, provider, status, textArrived } = connectDocument({ session, api, notices, openedOffline, heldCopies, earlyText, closed })

  // Brackets and agreements in each party's colour.
  document.head.append(
    h('style', {}, document_.parties.map((party) => `[data-owner="${CSS.escape(party.code)}"] { --owner: ${colorOfParty(document_.parties, party.code)}; }`).join('\n')),
  )
  const editorMount = h('div', { class: 'editor' })
  // A document in other languages too: the switch, the columns, the translation statuses.
  const languages = languageTools({ api, session, doc, awareness: provider.awareness, workingMount: editorMount, notices, storage: window.sessionStorage })
  const outline = new OutlinePanel(document_.style, session.may.edit, languages?.outline ?? null, (clauseId) => languages?.texts.jumpTo(clauseId) ?? false)
  languages?.register.subscribe(() => outline.refresh())
  let view: EditorView
  const partyReferences = session.may.edit ? new PartyReferenceMenu(document_.parties, document_.languages.working, () => view, notices) : null
  const clauseReferences = session.may.edit ? new ClauseReferencePicker(document_.style, document_.languages.working, () => view, notices) : null
  if (clauseReferences) partyReferences?.element.append(clauseReferences.element)
  const me = session.member
  // The round under way (or the next), once the tools have read the rounds.
  const roundHeader = h('p', { class: 'round-line' })
  roundHeader.hidden = true
  const role = me ? t('editor.me', { name: me.name, role: roleName(me.role), party: me.party ?? 'none' }) : t('editor.administrator')

  // The text in the middle; who is here and the outline on its left, the tools on its right: beside it on a wide
  // screen, drawers opened from the header on a narrow one (the style sheet decides which).
  const layout = h('div', { class: 'layout' })
  const left = h(
    'nav',
    { class: 'left', id: 'outline-drawer', 'aria-label': t('editor.outlineAndPresence') },
    h('h2', {}, t('editor.whoIsHere')),
    presenceList({ awareness: provider.awareness, self: me, doc, style: document_.style, working: document_.languages.working, multilingual: languages !== null }),
    h('h2', {}, t('editor.clauses')),
    h('div', { class: 'outline-area' }, outline.element),
  )
  const editorElement = languages?.texts.element ?? editorMount
  const text = h('main', { class: 'center', id: 'text' }, partyReferences?.element, h('div', { class: 'text-area' }, editorElement))
  // The text the server sent with the page stays in sight until the editor holds it.
  standIn(drawnText(root), editorElement, textArrived)
  // The tools' panels come once the text is shown (below).
  const right = h('aside', { class: 'right', id: 'tools-drawer', 'aria-label': t('editor.tools'), 'aria-busy': 'true' })
  const drawers = new Drawers(layout, text)
  // The text keeps 30rem (the style sheet's --text-min) whatever width the tools are given.
  const toolsHandle = new ResizeHandle({ layout, panel: right, text, storage: window.localStorage, key: 'counterpart.toolsWidth', label: t('editor.resizeTools'), min: 288, textMin: 480 })
  replaceChildren(
    layout,
    skipLink(text, t('editor.skipToText')),
    h(
      'header',
      { class: 'top' },
      drawers.add('outline', left, t('editor.clauses')),
      // The title is the document's, in its working language.
      h('h1', { class: 'doc-title', title: document_.title, lang: document_.languages.working }, document_.title),
      drawers.add('tools', right, t('editor.tools')),
      roundHeader,
      h('div', { class: 'top-right' }, languages?.languageSwitch.element, status.element, h('span', { class: 'me' }, role), languageChooser()),
    ),
    notices.element,
    !session.may.edit ? h('p', { class: 'read-only-banner', role: 'note' }, t('editor.observer')) : null,
    left,
    text,
    toolsHandle.element,
    right,
  )
  // The page has its own live regions (the status line, the notices); the whole of it is not one.
  root.removeAttribute('aria-live')
  replaceChildren(root, layout)

  let tools: Tools | null = null
  // The outline and the tools follow the text in the task after the frame that shows a change: a keystroke is
  // painted first, and the panels catch up once per frame however many changes it held.
  const besideTheText = oncePerFrame(() => {
    outline.update(view)
    tools?.textChanged(view)
  })
  view = createEditor({
    mount: editorMount,
    fragment: doc.getXmlFragment('prosemirror'),
    awareness: provider.awareness,
    style: document_.style,
    editable: session.may.edit,
    onChange: (current) => {
      languages?.texts.update(current)
      besideTheText()
    },
    explain: (message) => notices.show(message, 'warning'),
    party: session.member?.party ?? null,
    parties: document_.parties,
    lang: document_.languages.working,
    keys: {
      ...(partyReferences ? { 'Mod-Shift-p': () => partyReferences.open() } : {}),
      ...(clauseReferences ? { 'Mod-Shift-l': () => clauseReferences.open() } : {}),
    },
  })
  outline.update(view)
  languages?.texts.update(view)
  languages?.texts.show(languages.languageSwitch.current)
  // For diagnosis in the browser console, and for end-to-end tests.
  Object.assign(window, { counterpart: { provider, doc, view: () => view, status, texts: languages?.texts ?? null } })

  // The tools once the text is shown and painted (or, if the text is slow to come, after a while anyway).
  void Promise.race([textArrived, new Promise((resolve) => setTimeout(resolve, toolsPatienceMs))])
    .then(afterNextPaint)
    .then(() => {
      // The translation statuses too: asked for with the text, the server would answer them before opening its socket.
      languages?.register.follow(doc)
      // And the service worker, whose installation fetches the shell and its assets again.
      void keepAppShell()
      tools = mountTools({ api, session, notices, view, languages, provider, panel: right, roundHeader })
      changes = tools.changes
      if (closedForGood) changes.close()
      right.removeAttribute('aria-busy')
    })
}

/** The tools beside the text, and what they need told when the text changes. */
interface Tools {
  textChanged(view: EditorView): void
  changes: DocumentChanges
}

interface ToolsOptions {
  api: Api
  session: SessionView
  notices: Notices
  view: EditorView
  languages: LanguageTools | null
  provider: WebsocketProvider
  /** Where the tools' tabs go. */
  panel: HTMLElement
  /** The header's line for the round under way. */
  roundHeader: HTMLElement
}

/** Builds the tools' panels into `panel` — each fetching what it shows — and brings them up to the text. */
function mountTools({ api, session, notices, view, languages, provider, panel, roundHeader }: ToolsOptions): Tools {
  const document_ = session.document!
  const clauseLabel = (clauseId: string) => interfaceLabel(view.state.doc, document_.style, clauseId)
  /** Puts the caret in the clause or part `clauseId` (in the text the member works in, for a clause) and scrolls to it. */
  const jumpTo = (clauseId: string) => {
    if (languages?.texts.jumpTo(clauseId)) return
    const pos = positionOf(view.state.doc, clauseId)
    if (pos === null) {
      notices.show(t('editor.noLongerInText'), 'warning')
      return
    }
    // Focused first: ProseMirror scrolls to a selection only in a focused editor.
    view.focus()
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))).scrollIntoView())
  }
  const wording = new WordingPanel(document_.style, session.may.edit)
  // A party's heads of delegation, delegates and legal staff keep their delegation's private note on each clause, and
  // draft wording for it together in the party's own draft document (connected when a clause's draft is first shown).
  const party = session.member ? partyActedFor(session.member) : null
  const partyName = party ? (document_.parties.find((candidate) => candidate.code === party)?.shortName ?? party) : null
  const privateNotes = party && partyName ? new PrivateNotes(api, partyName, document_.style, notices) : null
  const draftWording =
    party && partyName && session.may.edit
      ? new DraftWording(api, new DraftDocument(document_.id), { code: party, name: partyName }, document_.style, notices, document_.languages.working)
      : null
  const privateLayer = privateNotes ? h('div', { class: 'private-layer' }, privateNotes.element, draftWording?.element) : null
  const negotiation = new NegotiationPanel(api, session, document_.style, notices, privateLayer)
  // The clauses an agenda may name, as the page numbers them now.
  const clauses = () =>
    negotiatedNodes(view.state.doc, document_.style).flatMap(({ id, kind, label, heading }) => (kind === 'clause' && id !== null ? [{ id, label, heading }] : []))
  const rounds = new RoundsPanel({ api, session, notices, clauseLabel, jumpTo, clauses, onRounds: (read) => showRoundInSight(roundHeader, read) })
  const comments = new CommentsPanel(api, session, notices, () => view, clauseLabel, partyName)
  const signingDesk = session.member?.role === 'secretariat' ? new SigningDesk({ api, session, notices, jumpTo, languageName }) : null
  // Only a member of a party has anything waiting on them.
  const waiting = session.member?.party ? new WaitingPanel(api, jumpTo, notices, clauseLabel) : null
  const revisions = revisionsPanel(api, session, notices)
  const people = new PeoplePanel({ api, session, notices, awareness: provider.awareness })
  const changes = new DocumentChanges(document_.id, {
    comments: () => {
      void comments.refresh()
      void waiting?.refresh()
    },
    translations: () => void languages?.register.refresh(),
    members: () => void people.refresh(),
    rounds: () => void rounds.refresh(),
  })
  // A translation made stale or confirmed may be waiting on this member, or no longer.
  languages?.register.subscribe(() => void waiting?.refresh())
  replaceChildren(
    panel,
    sideTabs([
      [t('tab.negotiation'), negotiation.element],
      ...(signingDesk ? ([[t('tab.signing'), signingDesk.element, () => void signingDesk.refresh()]] as Tab[]) : []),
      ...(waiting ? ([[t('tab.waiting'), waiting.element, () => void waiting.refresh()]] as Tab[]) : []),
      [t('tab.people'), people.element, () => void people.refresh()],
      // The party's private threads are on no event stream: read again each time the tab is shown.
      [t('tab.comments'), comments.element, () => void comments.refresh()],
      [t('tab.rounds'), rounds.element, () => void rounds.refresh()],
      // Importing a draft records two revisions: it sits with them, for those who may edit, and lists them again once applied.
      [t('tab.revisions'), h('div', {}, revisions, session.may.edit ? draftImportPanel(api, session, notices, () => revisions.querySelector<HTMLButtonElement>('button.refresh')?.click()) : null)],
      ...(session.may.edit ? ([[t('tab.templates'), templatePicker(api, () => view, notices, document_.style)]] as Tab[]) : []),
      [t('tab.wording'), wording.element],
      [t('tab.audit'), auditPanel(api, session, clauseLabel)],
    ]),
  )
  const textChanged = (current: EditorView) => {
    wording.update(current)
    negotiation.update(current)
    privateNotes?.update(current)
    draftWording?.update(current)
    // Computed once per change, for every panel that follows the negotiation's state.
    const signature = negotiationSignature(current.state.doc)
    rounds.textChanged(signature)
    signingDesk?.textChanged(signature)
    waiting?.textChanged(signature)
  }
  textChanged(view)
  void signingDesk?.refresh()
  void privateNotes?.read()
  return { textChanged, changes }
}

/** Names in the header the round open, else the next planned ("Next: round 4 · …"); nothing when there is neither. */
function showRoundInSight(line: HTMLElement, rounds: readonly RoundView[]): void {
  const inSight = roundInSight(rounds)
  line.hidden = inSight === null
  line.textContent = inSight ? roundLine(inSight.round, inSight.open) : ''
  line.title = line.textContent
  if (inSight) line.dataset.state = inSight.round.state
}

/** A tool beside the text: its tab's name, its panel, and what to do each time it is shown. */
type Tab = [name: string, panel: HTMLElement, onShow?: () => void]

/**
 * Tabs for the tools beside the text, wrapping to a second row rather than
 * hiding any (keyboard: the arrow keys move between tabs, Home and End to
 * the first and last).
 */
function sideTabs(entries: Tab[]): HTMLElement {
  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('editor.tools') })
  const panels = entries.map(([, panel], index) => {
    const wrapper = h('div', { role: 'tabpanel', id: `tab-panel-${index}`, 'aria-labelledby': `tab-${index}` }, panel)
    wrapper.hidden = index !== 0
    return wrapper
  })
  const buttons = entries.map(([name], index) =>
    h('button', { role: 'tab', id: `tab-${index}`, 'aria-controls': `tab-panel-${index}`, 'aria-selected': String(index === 0), tabindex: index === 0 ? 0 : -1, onclick: () => select(index) }, name),
  )
  const select = (index: number) => {
    const shown = panels[index]!.hidden
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index))
      button.tabIndex = i === index ? 0 : -1
      panels[i]!.hidden = i !== index
    })
    buttons[index]!.focus()
    if (shown) entries[index]![2]?.()
  }
  tabList.addEventListener('keydown', (event) => {
    const current = buttons.findIndex((button) => button.getAttribute('aria-selected') === 'true')
    const next: Record<string, number> = { ArrowRight: (current + 1) % buttons.length, ArrowLeft: (current - 1 + buttons.length) % buttons.length, Home: 0, End: buttons.length - 1 }
    if (!(event.key in next)) return
    event.preventDefault()
    select(next[event.key]!)
  })
  tabList.append(...buttons)
  return h('div', { class: 'side-tabs' }, tabList, panels)
}

