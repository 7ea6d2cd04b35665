/**
 * A loopback TCP proxy in front of a real server (PostgreSQL), which a test
 * can cut and restore: an outage between the Counterpart server and its
 * database, with the database itself still up (so the test can read what
 * it really stored meanwhile, through a direct connection).
 */

import net from 'node:net'

/**
 * What happens to a connection opened while the proxy is cut:
 * `refuse` resets it at once (the database is down); `hold` accepts it and
 * forwards nothing until `restore` (the database is unreachable, packets
 * go nowhere), then connects it through as if nothing had happened.
 */
export type CutMode = 'refuse' | 'hold'

export interface TcpProxy {
  /** The loopback port clients connect to. */
  readonly port: number
  /** Connections accepted so far. */
  readonly accepted: number
  /** Connections currently forwarding. */
  readonly open: number
  /** Connections reset because the proxy was cut (existing ones and refused ones). */
  readonly reset: number
  /** Whether the proxy is cut now. */
  readonly isCut: boolean
  /** Resets every open connection, and treats new ones as `mode` says until `restore`. */
  cut(mode: CutMode): void
  /** Stops forwarding on every connection, keeping them open (a database that stalls), until `restore`. */
  stall(): void
  /** Forwards again; connections held or stalled meanwhile are connected through. */
  restore(): void
  /** Resets every connection and stops listening. */
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>()
  const held = new Set<net.Socket>()
  let mode: CutMode | null = null
  let stalled = false
  let accepted = 0
  let reset = 0

  const forward = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host)
    const pair = { client, upstream }
    pairs.add(pair)
    const drop = () => {
      if (!pairs.delete(pair)) return
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  }

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    accepted++
    client.on('error', () => client.destroy())
    if (mode === 'refuse') {
      reset++
      client.resetAndDestroy()
    } else if (mode === 'hold') {
      held.add(client)
      client.once('close', () => held.delete(client))
    } else {
      forward(client)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as net.AddressInfo).port

  const resetAll = () => {
    for (const pair of [...pairs]) {
      pairs.delete(pair)
      reset++
      // The side facing the Counterpart server sees a hard failure (ECONNRESET);
      // PostgreSQL sees its client vanish and rolls back what was open.
      pair.client.resetAndDestroy()
      pair.upstream.destroy()
    }
  }

  return {
    port,
    get accepted() {
      return accepted
    },
    get open() {
      return pairs.size
    },
    get reset() {
      return reset
    },
    get isCut() {
      return mode !== null
    },
    cut(cutMode) {
      mode = cutMode
      resetAll()
    },
    stall() {
      stalled = true
      for (const { client, upstream } of pairs) {
        client.pause()
        upstream.pause()
      }
    },
    restore() {
      mode = null
      if (stalled) {
        stalled = false
        for (const { client, upstream } of pairs) {
          client.resume()
          upstream.resume()
        }
      }
      for (const client of [...held]) {
        held.delete(client)
        if (!client.destroyed) forward(client)
      }
    },
    async close() {
      mode = 'refuse'
      resetAll()
      for (const client of held) client.resetAndDestroy()
      held.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
