/**
 * The layers of docs/architecture.md, read off the imports: each folder
 * imports only from the layers below it, the shared vocabulary imports
 * nothing of Node or the server, and the client reaches into the server
 * tree only for that vocabulary.
 */

import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/projectRoot.js'

interface Import {
  file: string
  specifier: string
  /** The imported file relative to the project root, for relative specifiers. */
  target: string | null
  typeOnly: boolean
}

function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(projectRoot(), folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(folder, name))
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(projectRoot(), file), 'utf8')
  const found: Import[] = []
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const specifier = match[2]!
    const target = specifier.startsWith('.') ? path.normalize(path.join(path.dirname(file), specifier)).replace(/\.js$/, '.ts') : null
    found.push({ file, specifier, target, typeOnly: match[1] !== undefined })
  }
  return found
}

const folderOf = (file: string) => file.split(path.sep).slice(0, 2).join('/')
const describeImport = (entry: Import) => `${entry.file} imports ${entry.specifier}`

/** The server's folders by layer, lowest first: a folder may import its own layer and those below. */
const layers: string[][] = [
  ['server/vocabulary'],
  ['server/storage', 'server/protocol', 'server/access', 'server/templates', 'server/revisions', 'server/mou', 'server/negotiation', 'server/export', 'server/import'],
  ['server/engine'],
  ['server/services'],
  ['server/http', 'server/ws'],
]
const layerOf = (folder: string) => layers.findIndex((layer) => layer.includes(folder))

describe('the code keeps its layers', () => {
  const serverFiles = sourceFiles('server').filter((file) => file.includes(path.sep, 'server/'.length))

  it('names every server folder in a layer', () => {
    const folders = new Set(serverFiles.map(folderOf))
    expect([...folders].filter((folder) => layerOf(folder) === -1)).toEqual([])
  })

  it('imports nothing from a higher layer (the gate rules implement the engine contract, by type only)', () => {
    const upward = serverFiles
      .flatMap(importsOf)
      .filter((entry) => entry.target !== null && entry.target.split(path.sep).length > 2)
      .filter((entry) => {
        const from = layerOf(folderOf(entry.file))
        const to = layerOf(folderOf(entry.target!))
        if (to <= from) return false
        // The gate's rules implement the engine's contract (GateRules over an AppliedChange): types only.
        return !(entry.typeOnly && folderOf(entry.target!) === 'server/engine' && ['server/negotiation', 'server/mou'].includes(folderOf(entry.file)))
      })
    expect(upward.map(describeImport)).toEqual([])
  })

  it('keeps the engine free of services and of the domain: it is handed its rules and callbacks', () => {
    const engineImports = sourceFiles('server/engine')
      .flatMap(importsOf)
      .filter((entry) => entry.target !== null && !['server/engine', 'server/vocabulary', 'server/storage', 'server/protocol'].includes(folderOf(entry.target)))
      .filter((entry) => entry.target !== path.join('server', 'logger.ts'))
    expect(engineImports.map(describeImport)).toEqual([])
  })

  it('keeps domain folders pure: no storage, no services', () => {
    const pure = ['server/access', 'server/templates', 'server/revisions', 'server/mou', 'server/negotiation', 'server/export', 'server/import', 'server/protocol']
    const impure = serverFiles
      .filter((file) => pure.includes(folderOf(file)))
      .flatMap(importsOf)
      .filter((entry) => entry.target !== null && ['server/storage', 'server/services'].includes(folderOf(entry.target)))
    expect(impure.map(describeImport)).toEqual([])
  })

  it('keeps the shared vocabulary free of Node, the web server, the database and the rest of the server', () => {
    const forbidden = /^(node:|express$|ws$|pg$|@electric-sql\/pglite)/
    const builtins = new Set(['fs', 'path', 'crypto', 'http', 'net', 'os', 'stream', 'buffer', 'url', 'zlib', 'child_process'])
    const leaks = sourceFiles('server/vocabulary')
      .flatMap(importsOf)
      .filter((entry) => (entry.target !== null ? folderOf(entry.target) !== 'server/vocabulary' : forbidden.test(entry.specifier) || builtins.has(entry.specifier)))
    expect(leaks.map(describeImport)).toEqual([])
    const nodeGlobals = sourceFiles('server/vocabulary').filter((file) => /\b(Buffer|process)\./.test(fs.readFileSync(path.join(projectRoot(), file), 'utf8')))
    expect(nodeGlobals).toEqual([])
  })

  it('lets the browser client import from the server tree only the shared vocabulary', () => {
    const reaches = sourceFiles('client/src')
      .flatMap(importsOf)
      .filter((entry) => entry.target !== null && entry.target.startsWith(`server${path.sep}`) && folderOf(entry.target) !== 'server/vocabulary')
    expect(reaches.map(describeImport)).toEqual([])
  })

  it('declares no domain type in storage: only the stores and what they take', () => {
    const declared = sourceFiles('server/storage').flatMap((file) =>
      [...fs.readFileSync(path.join(projectRoot(), file), 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => `${file}: ${match[1]}`),
    )
    const storageContracts = /: (Queryable|Transaction|Database|Migration|UpdateEntry|StoredDocument|Fold|New\w+)$/
    expect(declared.filter((entry) => !storageContracts.test(entry))).toEqual([])
  })
})
