/**
 * The client's hashed assets, compressed: a browser that accepts Brotli or
 * gzip gets the copy the build wrote beside each script and style sheet
 * (`client/vite.config.ts`), with `Content-Encoding` and
 * `Vary: Accept-Encoding`, cached for a year (the name changes with the
 * content). Anything else falls through to the plain file.
 */

import fs from 'node:fs'
import path from 'node:path'
import type { RequestHandler } from 'express'

/** The file name an asset request asks for, or null for anything that is not one plain name. */
const assetName = (requestPath: string) => (/^\/[\w.-]+$/.test(requestPath) && !requestPath.includes('..') ? requestPath.slice(1) : null)

export function precompressedAssets(directory: string): RequestHandler {
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next()
    const name = assetName(request.path)
    if (name === null) return next()
    response.vary('Accept-Encoding')
    // Brotli whenever accepted (the smaller), whatever order the browser lists them in.
    const encoding = request.acceptsEncodings('br') === 'br' ? 'br' : request.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null
    if (encoding === null) return next()
    const file = path.join(directory, `${name}.${encoding === 'br' ? 'br' : 'gz'}`)
    if (!fs.existsSync(file)) return next()
    response.type(path.extname(name))
    response.setHeader('Content-Encoding', encoding)
    response.sendFile(file, { maxAge: '365d', immutable: true })
  }
}
