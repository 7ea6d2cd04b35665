/**
 * A document's event stream (`GET /api/documents/:id/events`) read as a
 * program reads it: a fetch with a bearer token, its server-sent events
 * parsed as they arrive.
 */

import { expect } from 'vitest'
import { eventually } from './eventually.js'

export interface StreamEvent {
  event: string
  data: unknown
}

export interface EventStream {
  /** Every event received so far, in order. */
  readonly events: StreamEvent[]
  /** Resolves once the server has ended the stream. */
  readonly ended: Promise<void>
  /** Waits until an event `event` with `data` has arrived (bounded by `eventually`). */
  waitFor(event: string, data: unknown): Promise<void>
  close(): void
}

/** Opens the stream of `documentId` with `token`; rejects with the status and body when the server refuses it. */
export async function openEventStream(baseUrl: string, documentId: string, token: string): Promise<EventStream> {
  const controller = new AbortController()
  const response = await fetch(`${baseUrl}/api/documents/${documentId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
  if (response.status !== 200) throw Object.assign(new Error(`event stream refused: ${response.status} ${await response.text()}`), { status: response.status })
  const events: StreamEvent[] = []
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const ended = (async () => {
    let buffered = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffered += value
        let end: number
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end)
          buffered = buffered.slice(end + 2)
          const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]))
          if (fields.event !== undefined) events.push({ event: fields.event, data: JSON.parse(fields.data ?? 'null') })
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error
    }
  })()
  return {
    events,
    ended,
    waitFor: (event, data) => eventually(() => expect(events).toContainEqual({ event, data })),
    close: () => controller.abort(),
  }
}
