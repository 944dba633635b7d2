import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { precompress } from '../../tools/vite-precompress';
import { subresourceIntegrity } from '../../tools/vite-sri';

const root = fileURLToPath(new URL('.', import.meta.url));
// Participants use old phones: ES2019 syntax runs on browsers from about 2019 on.
const target = 'es2019';

// Local development against a server on :8080; in production the server serves dist/ itself.
const backend = { '/api': 'http://localhost:8080', '/bye': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } };

/** The participant page: dist/index.html and its assets. */
const page: UserConfig = {
  root,
  base: '/',
  plugins: [subresourceIntegrity('/'), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target,
    sourcemap: false,
    cssCodeSplit: false,
    // The chat's chunk is loaded at "Start a chat" (modern browsers preload its imports natively): no polyfill bytes.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs (the CSP need not allow them).
    assetsInlineLimit: 0,
  },
  server: { proxy: backend },
  preview: { proxy: backend },
};

/** `--mode launcher`: the embed launcher as one classic script, dist/launcher.js, for programs to self-host. */
const launcher: UserConfig = {
  root,
  build: {
    outDir: 'dist',
    // Built after the page, whose build empties dist/.
    emptyOutDir: false,
    target,
    sourcemap: false,
    lib: { entry: 'src/launcher.ts', formats: ['iife'], name: 'chatLauncher', fileName: () => 'launcher.js' },
  },
};

/**
 * `--mode interpret`: the interpreter's page, dist/interpret/, served at /interpret. A build of its
 * own so nothing of it lands in dist/assets, the participant's first screen.
 */
const interpret: UserConfig = {
  root,
  base: '/interpret/',
  plugins: [subresourceIntegrity('/interpret/', 'interpret.html'), precompress()],
  build: {
    outDir: 'dist/interpret',
    // Built after the page, whose build empties dist/.
    emptyOutDir: false,
    target,
    sourcemap: false,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: { input: `${root}interpret.html` },
  },
};

/**
 * `--mode about`: the script and stylesheet of /about-this-chat (its quick exit), dist/about/. The
 * server writes the page itself and takes the two tags, with their integrity, from about.html.
 */
const about: UserConfig = {
  root,
  base: '/about/',
  plugins: [subresourceIntegrity('/about/', 'about.html'), precompress()],
  build: {
    outDir: 'dist/about',
    emptyOutDir: false,
    target,
    sourcemap: false,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: { input: `${root}about.html` },
  },
};

const modes: Record<string, UserConfig> = { launcher, interpret, about };
export default defineConfig(({ mode }) => modes[mode] ?? page);
