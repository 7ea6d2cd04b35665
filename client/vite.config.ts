import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url))

/** What is worth compressing: text the browser downloads (source maps only with the developer tools open, so not those). */
const compressible = /\.(js|css|svg)$/

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each script and
 * style sheet once the bundle is written, at the strongest settings: the
 * server sends them to browsers that accept them (`precompressedAssets.ts`)
 * and spends no time compressing at run time.
 */
function precompress(): Plugin {
  return {
    name: 'counterpart-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!compressible.test(name)) continue
        const file = path.join(options.dir!, name)
        const bytes = fs.readFileSync(file)
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }))
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

// The browser client is built into dist/client, which the server serves at / (home.html), /new (new.html), /d/<id> (index.html), /verify (verify.html), /signin (signin.html), /sw.js (the service worker) and /assets.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      input: { home: page('home.html'), new: page('new.html'), index: page('index.html'), verify: page('verify.html'), signin: page('signin.html'), sw: page('src/serviceWorker.ts') },
      // The service worker at the root, so that its scope is the whole origin (`/sw.js`, served by `clientApp.ts`).
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
})
