import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The browser client is built into dist/client, which the server serves at /d/<id> and /assets.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
})
