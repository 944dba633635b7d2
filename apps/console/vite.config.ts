import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from '../../tools/vite-precompress';
import { subresourceIntegrity } from '../../tools/vite-sri';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/staff/',
  // Vite 8 compiles TSX with Oxc; no @preact/preset-vite needed for a production build.
  // development off whatever NODE_ENV says: the dev transform writes each component's absolute
  // source path into the bundle, so the build would depend on where it ran (tests/reproducible-build.test.ts).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  plugins: [subresourceIntegrity('/staff/'), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Staff browsers are current; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
