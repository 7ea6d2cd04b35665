/**
 * Time to text and keystroke to paint, in real Chromium (the Debian build
 * through playwright-core, headless, as the e2e tests launch it) against a
 * real server on loopback, for the demo document and for a document of 300
 * clauses. What is measured in the page, and how, is `paintProbe.js`.
 *
 * Time to text: from navigation start to the end of the first frame
 * rendered after the page shows every clause of the document (the last
 * one with its text): in the text the server draws into the page for a
 * member, or in the working text's editor, whichever comes first; and,
 * beside it, the same for the editor alone (the text can be edited). Each run opens the document twice:
 * cold (a new browser context: empty cache, the member's link with its
 * token, traded for a session) and warm (a second tab in that context: the
 * address without the token, the session cookie and the cached assets).
 * One visit before the runs, not counted, loads the document into the
 * server's memory; the server keeps it there between the runs (its default
 * unload delay), as for a document someone had open a moment ago.
 *
 * Keystroke to paint: a member types into a clause's first paragraph, one
 * key at a time with a pause of 30–80 ms (so keys fall anywhere in the
 * frame), each key's paint awaited before the next.
 */

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.js'
import { sleep } from '../support/eventually.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'
import { growDocument } from '../support/longDocument.js'
import { seedDemoNegotiation } from '../../server/services/demoNegotiation.js'
import { stageDemoRound } from '../../server/services/demoRound.js'
import { build } from 'vite'
import type { BareEditorOrders } from './bareEditorOrders.js'

export interface TimeToTextOptions {
  /** Cold and warm visits of each document. */
  runs: number
  /** Keystrokes typed into each document. */
  keystrokes: number
  record(scenario: string, figure: string, value: string): void
  log(line: string): void
}

/** A document a member opens: its id, the member's token, and what its text holds. */
interface Opened {
  label: string
  documentId: string
  token: string
  expected: { clauses: number; lastClauseId: string }
  /** The clause typed into: an open one (not agreed, so not locked). */
  typedClauseId: string
  targetMs: number
}

/** Where one visit's time went, in ms since navigation start. */
interface Visit {
  htmlEnd: number
  stylesEnd: number
  firstContentfulPaint: number
  scriptEnd: number
  scriptCached: boolean
  firstRequest: number
  sessionEnd: number
  socketCreated: number
  socketOpened: number
  documentArrived: number
  documentBytes: number
  /** The text in sight: drawn by the server into the page, or in the editor, whichever came first. */
  textShownInDom: number
  textShownPainted: number
  /** The text in the editor. */
  textInDom: number
  textPainted: number
  longTaskMs: number
}

/** One keystroke, in ms since navigation start: the key event, the task after the editor's DOM changed, the end of the next frame. */
interface Keystroke {
  key: number
  handled: number
  painted: number
}

const probeFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'paintProbe.js')
const visitTimeoutMs = 30_000
/** Failed runs redone before a measurement gives up. */
const maxFailures = 3

/** Nearest rank: the smallest value with at least `q` of them at or below it. */
const percentile = (sorted: readonly number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN
const ascending = (values: number[]) => [...values].sort((a, b) => a - b)
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '—')
const ms1 = (value: number) => `${value.toFixed(1)} ms`

export async function timeToText(server: TestServer, options: TimeToTextOptions): Promise<void> {
  const browser = await launchBrowser()
  try {
    options.log('  the demo document')
    await measure(browser, server, await demoDocument(server), options)
    const started = performance.now()
    const long = await longDocument(server, 300)
    options.log(`  a document of 300 clauses (built in ${ms(performance.now() - started)})`)
    await measure(browser, server, long, options)
  } finally {
    await browser.close()
  }
}

/** The demo a first start seeds (`services/demoNegotiation.ts`, `demoRound.ts`), opened by the DSI's delegate. */
async function demoDocument(server: TestServer): Promise<Opened> {
  const demo = await seedDemoNegotiation(server.server.catalog, server.server.membership, server.server.invitations)
  await stageDemoRound(server.server, demo)
  const delegate = demo.members.find(({ member }) => member.party === 'TH' && member.role === 'delegate')!
  const expected = await expectedText(server, demo.document.id)
  return { label: 'demo document', documentId: demo.document.id, token: delegate.token, expected, typedClauseId: expected.lastClauseId, targetMs: 500 }
}

/** The starter MOU in English, Thai and Khmer grown to `clauses` clauses (`growDocument`), opened by a Thai delegate. */
async function longDocument(server: TestServer, clauses: number): Promise<Opened> {
  const { body: created } = await server.request('POST', '/api/documents', { body: trilingualDocument })
  const documentId = created.id as string
  const { token } = await server.addMember(documentId, 'delegate', 'TH')
  const ids = await growDocument(server, documentId, clauses)
  return {
    label: 'a long document',
    documentId,
    token,
    expected: { clauses: ids.length, lastClauseId: ids.at(-1)! },
    typedClauseId: ids[Math.floor(clauses / 2)]!,
    targetMs: 1500,
  }
}

async function expectedText(server: TestServer, documentId: string): Promise<{ clauses: number; lastClauseId: string }> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
  const clauses = body.clauses as { id: string }[]
  return { clauses: clauses.length, lastClauseId: clauses.at(-1)!.id }
}

/** A context whose pages carry the probe, expecting `opened`'s text. */
async function probedContext(browser: Browser, opened: Opened): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript({ content: `globalThis.__paintExpect = ${JSON.stringify(opened.expected)}` })
  await context.addInitScript({ path: probeFile })
  return context
}

/** Opens `address` in a new page of `context`; resolves once its text is painted, with where the time went. */
async function visit(context: BrowserContext, address: string): Promise<{ page: Page; visit: Visit }> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(address, { waitUntil: 'commit' })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no text after ${visitTimeoutMs} ms at ${address}${errors.length > 0 ? `: ${errors.join('; ')}` : ''} (is the client built, and not being rebuilt?)`)), visitTimeoutMs)
  })
  try {
    await Promise.race([page.evaluate('window.__paintProbe.textShown'), timeout]).finally(() => clearTimeout(timer))
  } catch (error) {
    const seen = await page
      .evaluate(`JSON.stringify({ clauses: document.querySelectorAll('.mou-document[role="textbox"]:not([data-lang]) section.clause').length, page: document.body.innerText.slice(0, 200) })`)
      .catch(() => 'nothing')
    await page.close()
    throw new Error(`${(error as Error).message}; the page showed ${seen}`)
  }
  const figures = (await page.evaluate(`(() => {
    const probe = window.__paintProbe
    const [navigation] = performance.getEntriesByType('navigation')
    const resources = performance.getEntriesByType('resource')
    const script = resources.find((entry) => /\\/assets\\/main-[^/]+\\.js$/.test(entry.name))
    const requests = resources.filter((entry) => new URL(entry.name).pathname.startsWith('/api/'))
    const session = requests.find((entry) => /\\/session$/.test(new URL(entry.name).pathname))
    const document = probe.messages.reduce((largest, message) => (message.bytes > largest.bytes ? message : largest), { at: NaN, bytes: 0 })
    return {
      htmlEnd: navigation.responseEnd,
      stylesEnd: resources.find((entry) => /\\/assets\\/[^/]+\\.css$/.test(entry.name))?.responseEnd ?? NaN,
      firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      scriptEnd: script ? script.responseEnd : NaN,
      scriptCached: script ? script.transferSize === 0 : false,
      firstRequest: Math.min(...requests.map((entry) => entry.startTime)),
      sessionEnd: session ? session.responseEnd : NaN,
      socketCreated: probe.socketCreated ?? NaN,
      socketOpened: probe.socketOpened ?? NaN,
      documentArrived: document.at,
      documentBytes: document.bytes,
      textShownInDom: probe.textShownInDom ?? NaN,
      textShownPainted: probe.textShownPainted ?? NaN,
      textInDom: probe.textInDom,
      textPainted: probe.textPainted,
      longTaskMs: probe.longTasks.filter((task) => task.start < probe.textPainted).reduce((sum, task) => sum + task.duration, 0),
    }
  })()`)) as Visit
  if (errors.length > 0) throw new Error(`the page at ${address} failed: ${errors.join('; ')}`)
  return { page, visit: figures }
}

async function measure(browser: Browser, server: TestServer, opened: Opened, options: TimeToTextOptions): Promise<void> {
  const link = `${server.url}/d/${opened.documentId}?token=${opened.token}`
  const address = `${server.url}/d/${opened.documentId}`
  const visits = { cold: [] as Visit[], warm: [] as Visit[] }
  // Not counted: loads the document into the server's memory.
  const first = await probedContext(browser, opened)
  await visit(first, link)
  await first.close()
  let failures = 0
  for (let run = 0; run < options.runs; run++) {
    const context = await probedContext(browser, opened)
    try {
      const cold = await visit(context, link)
      await cold.page.close()
      const warm = await visit(context, address)
      visits.cold.push(cold.visit)
      visits.warm.push(warm.visit)
      options.log(`    run ${run + 1}: cold ${ms(cold.visit.textShownPainted)} shown, ${ms(cold.visit.textPainted)} in the editor; warm ${ms(warm.visit.textShownPainted)}, ${ms(warm.visit.textPainted)}`)
    } catch (error) {
      // The built client may be rebuilt under a run (a shared working tree): that run again, a few times at most.
      if (++failures > maxFailures) throw error
      options.log(`    run ${run + 1} failed, run again: ${(error as Error).message}`)
      run--
    } finally {
      await context.close()
    }
  }
  const scenario = `time to text (${opened.label}, ${opened.expected.clauses} clauses, 3 languages)`
  for (const [kind, list] of Object.entries(visits)) {
    const spread = (pick: (entry: Visit) => number) => {
      const sorted = ascending(list.map(pick))
      return `${ms(percentile(sorted, 0.5))} / ${ms(percentile(sorted, 0.95))} / ${ms(sorted.at(-1)!)}`
    }
    options.record(scenario, `${kind}: navigation → text painted, median / p95 / max of ${list.length} (target < ${opened.targetMs} ms)`, spread((entry) => entry.textShownPainted))
    options.record(scenario, `${kind}: navigation → text painted in the editor (editable), median / p95 / max of ${list.length}`, spread((entry) => entry.textPainted))
    options.record(scenario, `${kind}: where the time went, medians (ms since navigation start)`, milestones(list))
  }
  const cached = visits.warm.filter((entry) => entry.scriptCached).length
  options.record(scenario, 'warm: the script from the browser cache (no request)', `${cached} of ${visits.warm.length}`)
  const typed = await typing(browser, link, opened, options, `keystroke to paint (${opened.label})`)
  const client = { opened: percentile(ascending(visits.cold.map((entry) => entry.textPainted)), 0.5), keys: typed.keys }
  await bareEditor(browser, server, opened, typed.long, client, options)
}

/**
 * The bare editor (`bareEditor.ts`: ProseMirror and y-prosemirror over a
 * stock provider, nothing of Counterpart's) on the same document and
 * server: cold visits, navigation → the text painted in it, then the same
 * keys into the same paragraph — beside Counterpart's figures, as ratios
 * (issue 19: typing ≤ 1.2×, opening ≤ 1.1×).
 */
async function bareEditor(
  browser: Browser,
  server: TestServer,
  opened: Opened,
  long: boolean,
  client: { opened: number; keys: number[] },
  options: TimeToTextOptions,
): Promise<void> {
  const script = await bareEditorScript()
  const drawn = await (await fetch(`${server.url}/d/${opened.documentId}?token=${opened.token}`)).text()
  const text = /<div class="first-text([^"]*)"[^>]*>([\s\S]*)<\/div><\/div>/.exec(drawn)
  if (!text) throw new Error('the document page came without its text')
  const orders: BareEditorOrders = { collabUrl: server.collabUrl, documentId: opened.documentId, token: opened.token, long }
  const page = drawn
    .replace(/<script[^>]*><\/script>|<link rel="modulepreload"[^>]*>/g, '')
    .replaceAll('href="/', `href="${server.url}/`)
    .replace(text[0], `<div class="editor"><div id="bare-editor"></div></div></div><script>globalThis.__bareEditor = ${JSON.stringify(orders)}</script><script type="module" src="/bare.js"></script>`)
  // A page of its own on loopback, as the client's is: Chromium refuses a page it was handed (a routed response) the loopback socket.
  const host = http.createServer((request, response) => {
    const [type, body] = request.url === '/bare.js' ? ['text/javascript', script] : ['text/html', page]
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
  })
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
  const address = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`
  try {
    const painted: number[] = []
    for (let run = 0; run < options.runs; run++) {
      const context = await probedContext(browser, opened)
      try {
        painted.push((await visit(context, address)).visit.textPainted)
      } finally {
        await context.close()
      }
    }
    const scenario = `the bare editor beside Counterpart (${opened.label}, ${opened.expected.clauses} clauses)`
    const openedBare = percentile(ascending(painted), 0.5)
    options.record(scenario, `cold: navigation → text painted in the editor, median of ${painted.length}: Counterpart / bare (target ≤ 1.1×)`, `${ms(client.opened)} / ${ms(openedBare)} (${(client.opened / openedBare).toFixed(2)}×)`)
    const context = await probedContext(browser, opened)
    try {
      const { page: typedPage } = await visit(context, address)
      const { measured } = await typeKeys(typedPage, `.mou-document section.clause[data-clause-id="${opened.typedClauseId}"] p`, options.keystrokes)
      const bareKeys = ascending(measured.map((stroke) => stroke.painted - stroke.key))
      const ours = ascending(client.keys)
      const ratio = (q: number) => (percentile(ours, q) / percentile(bareKeys, q)).toFixed(2)
      options.record(scenario, `key → next frame painted, p50 / p95 / max of ${bareKeys.length}: bare`, spread(bareKeys))
      options.record(scenario, 'key → next frame painted: Counterpart ÷ bare at p50 / p95 (target ≤ 1.2×)', `${ratio(0.5)}× / ${ratio(0.95)}×`)
    } finally {
      await context.close()
    }
  } finally {
    host.close()
  }
}

/** The bare editor's script, bundled by Vite from `bareEditor.ts` and the project's node_modules (minified, as the client is). */
async function bareEditorScript(): Promise<string> {
  const built = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, lib: { entry: fileURLToPath(new URL('./bareEditor.ts', import.meta.url)), formats: ['es'], fileName: 'bare' } },
  })
  const output = Array.isArray(built) ? built[0] : built
  if (!output || !('output' in output)) throw new Error('Vite did not hand back the bare editor\'s bundle')
  return output.output[0].code
}

/** The medians of a list of visits' milestones (of the visits that reached each before the text was painted), as one line. */
function milestones(list: readonly Visit[]): string {
  const median = (pick: (entry: Visit) => number) => percentile(ascending(list.map(pick).filter(Number.isFinite)), 0.5)
  const arrived = median((entry) => entry.documentArrived)
  return [
    `HTML ${ms(median((entry) => entry.htmlEnd))}`,
    `styles ${ms(median((entry) => entry.stylesEnd))}`,
    `first contentful paint ${ms(median((entry) => entry.firstContentfulPaint))}`,
    `script loaded ${ms(median((entry) => entry.scriptEnd))}`,
    `first API request ${ms(median((entry) => entry.firstRequest))}`,
    `session answered ${ms(median((entry) => entry.sessionEnd))}`,
    `socket made ${ms(median((entry) => entry.socketCreated))}`,
    `open ${ms(median((entry) => entry.socketOpened))}`,
    `document arrived ${ms(arrived)}${Number.isFinite(arrived) ? ` (${(median((entry) => entry.documentBytes) / 1024).toFixed(0)} KiB)` : ''}`,
    `text shown ${ms(median((entry) => entry.textShownInDom))}, painted ${ms(median((entry) => entry.textShownPainted))}`,
    `text in the editor ${ms(median((entry) => entry.textInDom))}, painted ${ms(median((entry) => entry.textPainted))}`,
    `long tasks before it ${ms(median((entry) => entry.longTaskMs))}`,
  ].join(' · ')
}

/**
 * Types `options.keystrokes` keys into `opened`'s typed clause, one at a time; records key → handled and key → painted.
 * Resolves to Counterpart's key → painted times, and whether its editor laid the text out near the screen only.
 */
async function typing(browser: Browser, link: string, opened: Opened, options: TimeToTextOptions, scenario: string): Promise<{ keys: number[]; long: boolean }> {
  const label = `${opened.expected.clauses} clauses`
  /** Whether the editor lays out only the clauses near the screen (a long text): the floor's text then does too. */
  let long = false
  let keys: number[] = []
  const context = await probedContext(browser, opened)
  try {
    const { page } = await visit(context, link)
    await page.waitForSelector('.connection[data-state="connected"]', { timeout: visitTimeoutMs })
    const { measured, slowKeys } = await typeKeys(page, `.mou-document[role="textbox"]:not([data-lang]) section.clause[data-clause-id="${opened.typedClauseId}"] p`, options.keystrokes)
    long = (await page.locator('.mou-document[role="textbox"]:not([data-lang])').getAttribute('data-long')) !== null
    keys = measured.map((stroke) => stroke.painted - stroke.key)
    const figures = (pick: (stroke: Keystroke) => number) => spread(measured.map(pick))
    options.record(scenario, `${label}: key → next frame painted, p50 / p95 / max of ${measured.length} (target p95 < 16 ms)`, figures((stroke) => stroke.painted - stroke.key))
    options.record(scenario, `${label}: key → editor DOM changed and every handler done, p50 / p95 / max`, figures((stroke) => stroke.handled - stroke.key))
    options.record(scenario, `${label}: keystrokes Chromium's Event Timing measures at ≥ 16 ms to the next paint`, `${slowKeys} of ${measured.length}`)
  } finally {
    await context.close()
  }
  // The floor: the same keys, the same way, into the same text drawn as the page first shows it, made editable, with
  // the page's style sheet (a long text laid out near the screen as the editor's is) and no script at all — what
  // Chromium alone needs for a key in that text on this machine.
  const floor = await probedContext(browser, opened)
  try {
    const page = await floor.newPage()
    const drawn = await (await fetch(link)).text()
    const text = /<div class="first-text([^"]*)"[^>]*>([\s\S]*)<\/div><\/div>/.exec(drawn)
    if (!text) throw new Error(`the page at ${link} came without its text`)
    const bare = drawn.replace(/<script[^>]*><\/script>|<link rel="modulepreload"[^>]*>/g, '').replace(text[0], `<div class="editor"><div class="mou-document${text[1]}"${long ? ' data-long="true"' : ''} role="textbox" contenteditable="true">${text[2]}</div></div></div>`)
    await page.route(link, (route) => route.fulfill({ contentType: 'text/html', body: bare }))
    await page.goto(link)
    const { measured, slowKeys } = await typeKeys(page, `.mou-document section.clause[data-clause-id="${opened.typedClauseId}"] p`, options.keystrokes)
    options.record(scenario, `${label}: the floor — a bare contenteditable holding the same text, no script: key → next frame painted, p50 / p95 / max`, spread(measured.map((stroke) => stroke.painted - stroke.key)))
    options.record(scenario, `${label}: the floor — keystrokes Chromium's Event Timing measures at ≥ 16 ms to the next paint`, `${slowKeys} of ${measured.length}`)
  } finally {
    await floor.close()
  }
  return { keys, long }
}

/** p50 / p95 / max of `values`, in ms to a tenth. */
function spread(values: number[]): string {
  const sorted = ascending(values)
  return `${ms1(percentile(sorted, 0.5))} / ${ms1(percentile(sorted, 0.95))} / ${ms1(sorted.at(-1)!)}`
}

/** Types `count` keys (after ten not counted) at the end of the first element `paragraph` selects, each key's paint awaited; the keys measured, and how many Chromium's Event Timing saw at 16 ms or more. */
async function typeKeys(page: Page, paragraph: string, count: number): Promise<{ measured: Keystroke[]; slowKeys: number }> {
  await page.locator(paragraph).first().click()
  await page.keyboard.press('End')
  const words = ' the participants will cooperate'
  const warmUp = 10
  await page.evaluate('window.__paintProbe.typing = true')
  for (let stroke = 0; stroke < warmUp + count; stroke++) {
    await page.keyboard.press(words[stroke % words.length]!)
    const painted = await page.evaluate(`window.__paintProbe.keystrokesPainted(${stroke + 1}, 5000)`)
    if (!painted) throw new Error(`keystroke ${stroke + 1} changed nothing in the editor within 5 s`)
    await sleep(30 + Math.random() * 50)
    if (stroke === warmUp - 1) await page.evaluate('window.__paintProbe.slowKeyEvents.length = 0')
  }
  const { keystrokes, slow } = (await page.evaluate(`({ keystrokes: window.__paintProbe.keystrokes, slow: window.__paintProbe.slowKeyEvents })`)) as {
    keystrokes: Keystroke[]
    slow: { interactionId: number }[]
  }
  return { measured: keystrokes.slice(warmUp), slowKeys: new Set(slow.filter((entry) => entry.interactionId > 0).map((entry) => entry.interactionId)).size }
}
