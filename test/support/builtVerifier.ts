/**
 * The offline verifier as the package ships it: `dist/server/verifyCommand.js`,
 * compiled by `tsc -p tsconfig.build.json` (`npm run build`; `npm test`
 * compiles it before vitest runs). `builtVerifier()` compiles it here when
 * it is missing or older than a source it is built from, one process at a
 * time (test files run in parallel), so that a file run on its own checks
 * the code as it stands rather than a stale build.
 */

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import path from 'node:path'
import { projectRoot } from '../../server/projectRoot.js'

/** The built verifier, the package's `counterpart-verify` bin. */
export const builtVerifierPath = path.join(projectRoot(), 'dist', 'server', 'verifyCommand.js')

/** What the built verifier loads: its own files (absolute paths in dist/server) and the packages it imports by name. */
export interface BuiltGraph {
  files: string[]
  packages: string[]
}

/** The built verifier's path, compiled first when missing or stale. */
export function builtVerifier(): string {
  if (isCurrent()) return builtVerifierPath
  withBuildLock(() => {
    if (!isCurrent()) build()
  })
  return builtVerifierPath
}

/** Every file the built verifier loads, following its relative imports, and the packages (not `node:` built-ins) it names. */
export function builtGraph(entry = builtVerifierPath): BuiltGraph {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const text = fs.readFileSync(file, 'utf8')
    for (const [, from, bare] of text.matchAll(/^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
      const specifier = from ?? bare
      if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!))
      else if (!specifier!.startsWith('node:') && !builtinModules.includes(specifier!)) packages.add(packageName(specifier!))
    }
  }
  visit(entry)
  return { files: [...files], packages: [...packages].sort() }
}

/** "fflate" for "fflate", "@scope/name" for "@scope/name/sub". */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/** The source a built file in dist/server was compiled from. */
function sourceOf(built: string): string {
  const relative = path.relative(path.join(projectRoot(), 'dist'), built)
  return path.join(projectRoot(), relative.replace(/\.js$/, '.ts'))
}

/** Whether the built verifier exists and no file it loads is older than its source. */
function isCurrent(): boolean {
  if (!fs.existsSync(builtVerifierPath)) return false
  try {
    return builtGraph().files.every((built) => fs.statSync(built).mtimeMs >= fs.statSync(sourceOf(built)).mtimeMs)
  } catch {
    // a file the build once had is gone: build again
    return false
  }
}

/**
 * Compiles the server into dist. A type error elsewhere in the server (tsc
 * still writes every file) does not stop the verifier's test; the
 * type-check of `npm test` reports it. Only a verifier left unbuilt fails here.
 */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  let output = ''
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: projectRoot(), stdio: 'pipe', timeout: 120_000 })
  } catch (error) {
    output = String((error as { stdout?: Buffer }).stdout ?? error)
  }
  if (!isCurrent()) throw new Error(`tsc -p tsconfig.build.json did not build ${path.relative(projectRoot(), builtVerifierPath)}:\n${output}`)
  // As `npm run build:server` leaves it: a program (its shebang line runs it as `counterpart-verify`).
  fs.chmodSync(builtVerifierPath, 0o755)
}

const lockDirectory = path.join(projectRoot(), 'dist', '.verifier-build-lock')
/** A lock older than this was left by a process that died. */
const staleLockMs = 180_000

/** Runs `work` while holding a lock directory (mkdir is atomic), waiting for another process's build to finish first. */
function withBuildLock(work: () => void): void {
  fs.mkdirSync(path.dirname(lockDirectory), { recursive: true })
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      fs.mkdirSync(lockDirectory)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = Date.now() - (fs.statSync(lockDirectory, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > staleLockMs) fs.rmSync(lockDirectory, { recursive: true, force: true })
      else Atomics.wait(pause, 0, 0, 200)
    }
  }
  try {
    work()
  } finally {
    fs.rmSync(lockDirectory, { recursive: true, force: true })
  }
}
