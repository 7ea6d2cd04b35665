/**
 * Agreed text is locked in every language, durably: after a clause is
 * agreed (its Thai and Khmer texts confirmed first, as agreement needs), a
 * stock client's edit to its Thai text is refused with 4409, never reaches
 * another client, and the Thai text is exactly as agreed after the server
 * is killed with SIGKILL and started again.
 */

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServerProcesses } from '../support/fixtures.js'
import { trilingualDocument } from '../support/testServer.js'

const { spawn } = useServerProcesses()

/** The words of clause `id` in `fragment`, block by block. */
function wordsOf(doc: Y.Doc, fragment: string, id: string): string {
  const texts: string[] = []
  const walk = (element: Y.XmlElement) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child.toString())
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(clauseById(doc.getXmlFragment(fragment), id))
  return texts.join('|')
}

/** Types `words` at the start of the first text of clause `id` in `fragment`. */
function typeInto(client: TestClient, fragment: string, id: string, words: string): void {
  const walk = (element: Y.XmlElement): Y.XmlText | null => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) return child
      if (child instanceof Y.XmlElement && child.nodeName !== 'clause_heading') {
        const found = walk(child)
        if (found) return found
      }
    }
    return null
  }
  const text = walk(clauseById(client.doc.getXmlFragment(fragment), id))!
  text.insert(0, words)
}

describe('a clause agreed in three languages', () => {
  it('refuses a Thai edit to it (4409), shows it to no one, and keeps its Thai text through a SIGKILL', async () => {
    const first = await spawn()
    const created = await first.request('POST', '/api/documents', {
      body: trilingualDocument,
    })
    const documentId = created.body.id as string
    const thai = await first.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await first.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const content = await first.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })
    const id = content.body.clauses[1].id as string

    for (const [lang, member] of [['th', thai], ['km', khmer]] as const) {
      const confirmed = await first.request('POST', `/api/documents/${documentId}/clauses/${id}/translations/${lang}/confirm`, { token: member.token })
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201)
    }
    for (const [member, status] of [[thai, 'under-negotiation'], [khmer, 'agreed-ad-referendum'], [thai, 'agreed']] as const) {
      const moved = await first.request('POST', `/api/documents/${documentId}/clauses/${id}/status`, { token: member.token, body: { status, initials: 'XX' } })
      expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    }

    const [editor, bystander] = [connectClient(first.collabUrl, documentId, thai.token), connectClient(first.collabUrl, documentId, khmer.token)]
    await Promise.all([editor.synced(), bystander.synced()])
    const agreed = wordsOf(bystander.doc, 'prosemirror:th', id)
    expect(agreed).not.toBe('')
    typeInto(editor, 'prosemirror:th', id, 'แก้ไขภายหลัง ')
    expect((await editor.closed()).code).toBe(4409)
    // Something the server does accept afterwards reaches the bystander: the refused edit, sent before it, never did.
    const other = connectClient(first.collabUrl, documentId, thai.token)
    await other.synced()
    typeInto(other, 'prosemirror:th', content.body.clauses[5].id, 'ภายหลัง ')
    await eventually(() => expect(wordsOf(bystander.doc, 'prosemirror:th', content.body.clauses[5].id)).toContain('ภายหลัง '))
    expect(wordsOf(bystander.doc, 'prosemirror:th', id)).toBe(agreed)

    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    for (const client of [editor, bystander, other]) client.destroy()

    const second = await spawn()
    const fresh = connectClient(second.collabUrl, documentId, khmer.token)
    await fresh.synced()
    expect(wordsOf(fresh.doc, 'prosemirror:th', id)).toBe(agreed)
    expect(wordsOf(fresh.doc, 'prosemirror:th', content.body.clauses[5].id)).toContain('ภายหลัง ')
    const translations = await second.request('GET', `/api/documents/${documentId}/translations`, { token: khmer.token })
    expect(translations.body.translations.filter((entry: { clauseId: string }) => entry.clauseId === id).map((entry: { status: string }) => entry.status)).toEqual(['confirmed', 'confirmed'])
    fresh.destroy()
    await second.close()
  })
})
