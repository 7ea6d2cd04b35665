/**
 * The connection state, always visible: connected, reconnecting, or
 * offline with the number of changes not yet sent. Editing goes on while
 * offline; the provider sends everything when it reconnects.
 */

import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { h } from '../dom.js'

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'

export class ConnectionStatus {
  readonly element = h('span', { class: 'connection', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' }, 'Connecting…')
  private unsent = 0
  private state: ConnectionState = 'connecting'
  private everConnected = false
  private closedReason: string | null = null

  constructor(
    private readonly provider: WebsocketProvider,
    doc: Y.Doc,
  ) {
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.everConnected = true
      this.update()
    })
    provider.on('sync', (synced: boolean) => {
      if (synced) this.unsent = 0
      this.update()
    })
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      // A local change while not connected and synced waits in the document until the next sync.
      if (origin !== provider && !(provider.wsconnected && provider.synced)) {
        this.unsent++
        this.update()
      }
    })
    window.addEventListener('online', () => this.update())
    window.addEventListener('offline', () => this.update())
  }

  /** The server closed the connection for good; say why. */
  close(reason: string): void {
    this.closedReason = reason
    this.update()
  }

  get current(): ConnectionState {
    return this.state
  }

  private update(): void {
    const { provider } = this
    this.state = this.closedReason
      ? 'closed'
      : provider.wsconnected && provider.synced
        ? 'connected'
        : !navigator.onLine
          ? 'offline'
          : this.everConnected
            ? 'reconnecting'
            : 'connecting'
    const pending = this.unsent > 0 ? ` — ${this.unsent} change${this.unsent === 1 ? '' : 's'} not yet sent` : ''
    const text: Record<ConnectionState, string> = {
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: `Reconnecting…${pending}`,
      offline: `Offline${pending}; editing continues and merges when back online`,
      closed: `Disconnected: ${this.closedReason}`,
    }
    this.element.dataset.state = this.state
    this.element.dataset.unsent = String(this.unsent)
    this.element.textContent = text[this.state]
  }
}
