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

import { WebsocketProvider, messageAuth } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { EditorView } from 'prosemirror-view'
import { Api, ApiError } from './api.js'
import type { SessionView } from '../../server/vocabulary/views.js'
import { h, replaceChildren } from './dom.js'
import { createEditor } from './editor/editorSetup.js'
import { ConnectionStatus } from './panels/connectionStatus.js'
import { Notices } from './panels/notices.js'
import { OutlinePanel } from './panels/outlinePanel.js'
import { presenceList } from './panels/presenceList.js'
import { revisionsPanel } from './panels/revisionsPanel.js'
import { templatePicker } from './panels/templatePicker.js'
import { WordingPanel } from './panels/wordingPanel.js'
import { languageTools } from './languageTools.js'
import { auditPanel } from './panels/auditPanel.js'
import { CommentsPanel } from './panels/commentsPanel.js'
import { NegotiationPanel } from './panels/negotiationPanel.js'
import { PartyReferenceMenu } from './panels/partyReferenceMenu.js'
import { ClauseReferencePicker } from './panels/clauseReferencePicker.js'
import { WaitingPanel } from './panels/waitingPanel.js'
import { PeoplePanel } from './panels/peoplePanel.js'
import { DocumentChanges } from './documentChanges.js'
import { SigningDesk } from './panels/signingDesk.js'
import { negotiationSignature, positionOf } from './negotiatedNodes.js'
import { languageName } from './languageNames.js'
import { TextSelection } from 'prosemirror-state'
import { numberDocument } from '../../server/vocabulary/numbering.js'
import { documentIdFromLocation, takeTokenFromAddress } from './session.js'
import { changeRefusalCodes, closeMeanings } from '../../server/vocabulary/closeCodes.js'
import { collabProtocol } from '../../server/vocabulary/collabProtocols.js'
import { colorOfParty } from '../../server/vocabulary/partyColours.js'
import './styles.css'

async function start(): Promise<void> {
  const root = document.getElementById('app')!
  const documentId = documentIdFromLocation(window.location)
  if (!documentId) {
    root.textContent = 'This address does not name a document.'
    return
  }
  const api = new Api(documentId)
  const linkToken = takeTokenFromAddress(window.location, window.history)
  if (linkToken !== null) {
    try {
      await api.tradeToken(linkToken)
    } catch (error) {
      root.textContent = `This link opens nothing: ${error instanceof Error ? error.message : String(error)}`
      return
    }
  }
  let session: SessionView
  try {
    session = await api.session()
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      replaceChildren(
        root,
        h('p', {}, `Counterpart could not open this negotiation: ${error.message}.`),
        h('p', {}, h('a', { href: '/signin' }, 'Sign in'), ' with your passkey, or open the link you were sent again.'),
      )
      return
    }
    root.textContent = `Counterpart could not open this document: ${error instanceof Error ? error.message : String(error)}`
    return
  }
  if (!session.document || session.document.id !== documentId) {
    root.textContent = 'This session does not open this document.'
    return
  }
  mount(root, api, session)
}

function mount(root: HTMLElement, api: Api, session: SessionView): void {
  const document_ = session.document!
  const notices = new Notices()
  const doc = new Y.Doc()
  const wsBase = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`
  // No BroadcastChannel: the server is the only authority on what the document holds.
  // The session cookie goes with the upgrade (the server checks its Origin); no credential in the URL or the subprotocols.
  const provider = new WebsocketProvider(wsBase, document_.id, doc, { protocols: [collabProtocol], disableBc: true })
  const status = new ConnectionStatus(provider, doc)

  // Refusals are explained, never silently dropped.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    decoding.readVarUint(decoder)
    notices.show(`The server refused a change: ${decoding.readVarString(decoder)}.`, 'warning')
  }
  // Whether this page has been in sync with the server: a refusal after that is of a change made here.
  let wasSynced = false
  provider.on('sync', (synced: boolean) => (wasSynced ||= synced))
  // What changes outside the text, heard as it happens (set up below, once the panels that show it exist).
  let changes: DocumentChanges | null = null
  provider.on('connection-close', (event) => {
    if (!event || event.code < 4400 || event.code >= 4500) return
    changes?.close()
    const reason = `${closeMeanings[event.code] ?? 'the server closed the connection'}${event.reason ? ` (${event.reason})` : ''}`
    status.close(reason)
    if (wasSynced && changeRefusalCodes.includes(event.code)) {
      // The refused change is still in this page's copy: start again from the server's text.
      notices.show(`The server refused a change: ${event.reason || closeMeanings[event.code]}. Reloading the text as the server holds it…`, 'error')
      setTimeout(() => window.location.reload(), 2500)
      return
    }
    notices.show(`Disconnected: ${reason}.`, 'error')
  })

  // Brackets and agreements in each party's colour.
  document.head.append(
    h('style', {}, document_.parties.map((party) => `[data-owner="${CSS.escape(party.code)}"] { --owner: ${colorOfParty(document_.parties, party.code)}; }`).join('\n')),
  )
  const editorMount = h('div', { class: 'editor' })
  // A document in other languages too: the switch, the columns, the translation statuses.
  const languages = languageTools({ api, session, doc, awareness: provider.awareness, workingMount: editorMount, notices, storage: window.sessionStorage })
  const outline = new OutlinePanel(document_.style, session.may.edit, languages?.outline ?? null, (clauseId) => languages?.texts.jumpTo(clauseId) ?? false)
  languages?.register.subscribe(() => outline.refresh())
  const wording = new WordingPanel(document_.style, session.may.edit)
  const negotiation = new NegotiationPanel(api, session, document_.style, notices)
  let view: EditorView
  const comments = new CommentsPanel(api, session, notices, () => view, (clauseId) => clauseLabel(clauseId))
  const clauseLabel = (clauseId: string) => numberDocument(view.state.doc, document_.style).clauseLabel(clauseId)
  /** Puts the caret in the clause or part `clauseId` (in the text the member works in, for a clause) and scrolls to it. */
  const jumpTo = (clauseId: string) => {
    if (languages?.texts.jumpTo(clauseId)) return
    const pos = positionOf(view.state.doc, clauseId)
    if (pos === null) {
      notices.show('It is no longer in the text: check again.', 'warning')
      return
    }
    // Focused first: ProseMirror scrolls to a selection only in a focused editor.
    view.focus()
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))).scrollIntoView())
  }
  const partyReferences = session.may.edit ? new PartyReferenceMenu(document_.parties, document_.languages.working, () => view, notices) : null
  const clauseReferences = session.may.edit ? new ClauseReferencePicker(document_.style, document_.languages.working, () => view, notices) : null
  if (clauseReferences) partyReferences?.element.append(clauseReferences.element)
  const signingDesk = session.member?.role === 'secretariat' ? new SigningDesk({ api, session, notices, jumpTo, languageName }) : null
  // Only a member of a party has anything waiting on them.
  const waiting = session.member?.party ? new WaitingPanel(api, jumpTo, notices) : null
  const people = new PeoplePanel({ api, session, notices, awareness: provider.awareness })
  changes = new DocumentChanges(document_.id, {
    comments: () => {
      void comments.refresh()
      void waiting?.refresh()
    },
    translations: () => void languages?.register.refresh(),
    members: () => void people.refresh(),
  })
  // A translation made stale or confirmed may be waiting on this member, or no longer.
  languages?.register.subscribe(() => void waiting?.refresh())
  const tabs = sideTabs([
    ['Negotiation', negotiation.element],
    ...(signingDesk ? ([['Signing', signingDesk.element, () => void signingDesk.refresh()]] as Tab[]) : []),
    ...(waiting ? ([['Waiting', waiting.element, () => void waiting.refresh()]] as Tab[]) : []),
    ['People', people.element, () => void people.refresh()],
    ['Comments', comments.element],
    ['Revisions', revisionsPanel(api, session, notices)],
    ...(session.may.edit ? ([['Templates', templatePicker(api, () => view, notices, document_.style)]] as Tab[]) : []),
    ['Wording', wording.element],
    ['Audit', auditPanel(api, session, clauseLabel)],
  ])
  const me = session.member
  const role = me ? `${me.name} · ${me.role}${me.party ? ` · ${me.party}` : ''}` : 'Administrator'

  replaceChildren(
    root,
    h(
      'div',
      { class: 'layout' },
      h(
        'header',
        { class: 'top' },
        h('h1', { class: 'doc-title', title: document_.title }, document_.title),
        h('div', { class: 'top-right' }, languages?.languageSwitch.element, status.element, h('span', { class: 'me' }, role)),
      ),
      notices.element,
      !session.may.edit ? h('p', { class: 'read-only-banner', role: 'note' }, 'You are an observer: you can follow the negotiation but not change the text.') : null,
      h('nav', { class: 'left', 'aria-label': 'Outline and presence' }, h('h2', {}, 'Clauses'), outline.element, h('h2', {}, 'Who is here'), presenceList({ awareness: provider.awareness, self: me, doc, style: document_.style, working: document_.languages.working, multilingual: languages !== null })),
      h('main', { class: 'center' }, partyReferences?.element, languages?.texts.element ?? editorMount),
      h('aside', { class: 'right', 'aria-label': 'Tools' }, tabs),
    ),
  )

  view = createEditor({
    mount: editorMount,
    fragment: doc.getXmlFragment('prosemirror'),
    awareness: provider.awareness,
    style: document_.style,
    editable: session.may.edit,
    onChange: (current) => {
      outline.update(current)
      wording.update(current)
      negotiation.update(current)
      signingDesk?.textChanged(negotiationSignature(current.state.doc))
      waiting?.textChanged(negotiationSignature(current.state.doc))
      languages?.texts.update(current)
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
  wording.update(view)
  negotiation.update(view)
  signingDesk?.textChanged(negotiationSignature(view.state.doc))
  void signingDesk?.refresh()
  waiting?.textChanged(negotiationSignature(view.state.doc))
  languages?.texts.update(view)
  languages?.texts.show(languages.languageSwitch.current)
  // For diagnosis in the browser console, and for end-to-end tests.
  Object.assign(window, { counterpart: { provider, doc, view: () => view, status, texts: languages?.texts ?? null } })
}

/** A tool beside the text: its tab's name, its panel, and what to do each time it is shown. */
type Tab = [name: string, panel: HTMLElement, onShow?: () => void]

/** Tabs for the tools beside the text (keyboard: arrow keys move between tabs). */
function sideTabs(entries: Tab[]): HTMLElement {
  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Tools' })
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
    if (event.key === 'ArrowRight') select((current + 1) % buttons.length)
    if (event.key === 'ArrowLeft') select((current - 1 + buttons.length) % buttons.length)
  })
  tabList.append(...buttons)
  return h('div', { class: 'side-tabs' }, tabList, panels)
}

void start()
