import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from '../../tools/vite-precompress';
import { subresourceIntegrity } from '../../tools/vite-sri';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/staff/',
  // Vite 8 compiles TSX with Oxc; no @preact/preset-vite needed for a production build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [subresourceIntegrity('/staff/'), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Staff browsers are current; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
