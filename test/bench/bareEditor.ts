/**
 * The bare editor of the time-to-text benchmark: ProseMirror with
 * y-prosemirror's sync plugin on the working text, over a stock
 * y-websocket provider, with the MOU schema and nothing else — no
 * numbering, checks, locks, panels or presence. Built from the same
 * node_modules as the client (`bareEditorScript`), it is what any
 * Yjs-and-ProseMirror editor costs on the same document and server:
 * issue 19's baseline for typing and opening.
 */

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { ySyncPlugin } from 'y-prosemirror'
import { mouSchema } from '../../server/vocabulary/schema.js'
import type { BareEditorOrders } from './bareEditorOrders.js'

const orders = (globalThis as unknown as { __bareEditor: BareEditorOrders }).__bareEditor
const doc = new Y.Doc()
new WebsocketProvider(orders.collabUrl, orders.documentId, doc, { params: { token: orders.token }, disableBc: true })
const mount = document.getElementById('bare-editor')!
new EditorView(mount, {
  state: EditorState.create({ schema: mouSchema, plugins: [ySyncPlugin(doc.getXmlFragment('prosemirror')), keymap(baseKeymap)] }),
  attributes: { class: 'mou-document', role: 'textbox', ...(orders.long ? { 'data-long': 'true' } : {}) },
})
