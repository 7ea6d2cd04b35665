/**
 * The connection state, always visible: connected, reconnecting, or
 * offline with the number of changes not yet sent, and where they are
 * kept. Editing goes on while offline; the provider sends everything when
 * it reconnects. A page opened from the local copy while the server could
 * not be reached says so until it has connected.
 */

import type { WebsocketProvider } from 'y-websocket'
import { h } from '../dom.js'
import { t } from '../i18n/translator.js'

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'

/** Where the page's unsent changes are, and whether the page was opened from there. */
export interface UnsentSource {
  /** How many changes made here the server has not been seen to hold. */
  readonly count: number
  /** Whether they are kept in this browser (a local copy) or only in this page. */
  readonly keptInBrowser: boolean
  /** Whether the page was opened from the local copy because the server could not be reached. */
  readonly openedOffline: boolean
}

/** The status line's words, in one place (in the interface's language). */
const words = {
  get connecting() { return t('connection.connecting') },
  get connected() { return t('connection.connected') },
  changes: (count: number) => t('connection.changes', { count }),
  reconnecting: (pending: string | null, kept: boolean) => t('connection.reconnecting', { pending: pending ?? 'none', kept: kept ? 'yes' : 'no' }),
  offline: (pending: string | null, kept: boolean) => t('connection.offline', { pending: pending ?? 'none', kept: kept ? 'yes' : 'no' }),
  openedOffline: (pending: string | null) => t('connection.openedOffline', { pending: pending ?? 'none' }),
  closed: (reason: string) => t('connection.closed', { reason }),
}

export class ConnectionStatus {
  readonly element = h('span', { class: 'connection', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' }, words.connecting)
  private state: ConnectionState = 'connecting'
  private everConnected = false
  private closedReason: string | null = null

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly unsent: UnsentSource,
  ) {
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.everConnected = true
      this.update()
    })
    provider.on('sync', () => this.update())
    window.addEventListener('online', () => this.update())
    window.addEventListener('offline', () => this.update())
    this.update()
  }

  /** The server closed the connection for good; say why. */
  close(reason: string): void {
    this.closedReason = reason
    this.update()
  }

  get current(): ConnectionState {
    return this.state
  }

  /** Shows the state as it is now (called when the number of unsent changes changed). */
  update(): void {
    const { provider, unsent } = this
    const openedOffline = unsent.openedOffline && !this.everConnected
    this.state = this.closedReason
      ? 'closed'
      : provider.wsconnected && provider.synced
        ? 'connected'
        : !navigator.onLine || openedOffline
          ? 'offline'
          : this.everConnected
            ? 'reconnecting'
            : 'connecting'
    const count = unsent.count
    const pending = count > 0 ? words.changes(count) : null
    const text: Record<ConnectionState, string> = {
      connecting: words.connecting,
      connected: words.connected,
      reconnecting: words.reconnecting(pending, unsent.keptInBrowser),
      offline: openedOffline ? words.openedOffline(pending) : words.offline(pending, unsent.keptInBrowser),
      closed: words.closed(this.closedReason ?? ''),
    }
    this.element.dataset.state = this.state
    this.element.dataset.unsent = String(count)
    if (this.element.textContent !== text[this.state]) this.element.textContent = text[this.state]
  }
}
