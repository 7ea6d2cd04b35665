/**
 * Every audit event the server records has words in the interface's
 * catalogues (English, Thai, Khmer), so that the audit panel never shows an event by its code:
 * the events named in the services (`event: '…'`) and the clause
 * transitions (`clause-…`, from the negotiation rules).
 */

import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')

/** The events the server records by a literal name, and the clause transitions as `clause-…`. */
function serverEvents(): string[] {
  const folder = path.join(root, 'server/services')
  const named = fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...read(`server/services/${file}`).matchAll(/event: '([a-z-]+)'/g)].map((match) => match[1]!))
  const transitions = /event: ((?:'[a-z-]+'(?: \| )?)+)/.exec(read('server/negotiation/clauseStatus.ts'))![1]!
  const clauseEvents = [...transitions.matchAll(/'([a-z-]+)'/g)].map((match) => `clause-${match[1]}`)
  return [...new Set([...named, ...clauseEvents])].sort()
}

describe('audit events in words', () => {
  it('finds the events the server records', () => {
    expect(serverEvents()).toEqual(expect.arrayContaining(['draft-imported', 'clause-agreed', 'member-added']))
  })

  it('has words for every one of them in every language', () => {
    // The catalogues read as text: this folder's compiler has no DOM for the client's translator.
    const missing = ['en', 'th', 'km'].flatMap((lang) => {
      const catalogue = read(`client/src/i18n/catalogues/${lang}.ts`)
      return serverEvents().filter((event) => !catalogue.includes(`'audit.event.${event}':`)).map((event) => `${lang}: ${event}`)
    })
    expect(missing).toEqual([])
  })
})
