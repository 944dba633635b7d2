import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Local development against a server on :8080; in production the server serves dist/ itself.
const backend = { '/api': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Participants use old phones: ES2019 syntax runs on browsers from about 2019 on.
    target: 'es2019',
    sourcemap: false,
    cssCodeSplit: false,
    // One chunk, nothing to preload: the polyfill would only cost bytes.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs (the CSP need not allow them).
    assetsInlineLimit: 0,
  },
  server: { proxy: backend },
  preview: { proxy: backend },
});
