/**
 * Hocuspocus 3.x (the last line that runs on Node 20), in memory, started
 * for side-by-side benchmarks. Listens on PORT (0: any) and prints
 * `{"port": N}` once it does.
 */

import { Server } from '@hocuspocus/server'

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true })
await server.listen()
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`)
