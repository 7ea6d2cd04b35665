/**
 * The reference y-websocket server (`@y/websocket-server`, the Yjs project's
 * own), started for side-by-side benchmarks: in memory, or with its LevelDB
 * persistence when YPERSISTENCE names a directory. Listens on PORT (0: any)
 * and prints `{"port": N}` once it does.
 */

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const sockets = new WebSocketServer({ noServer: true })
sockets.on('connection', setupWSConnection)
const server = http.createServer((_request, response) => response.end('okay'))
server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request)))
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`)
})
