import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Adds Subresource Integrity to the built page's own scripts and styles, so a tampered
 * asset (a CDN, a proxy, a half-written deploy) fails to load instead of running.
 */
function subresourceIntegrity(): Plugin {
  return {
    name: 'lantern:sri',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const hashes = new Map<string, string>();
        for (const file of Object.values(bundle)) {
          const source = file.type === 'chunk' ? file.code : file.source;
          hashes.set(file.fileName, `sha384-${createHash('sha384').update(source).digest('base64')}`);
        }
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset') return;
        html.source = String(html.source).replace(
          /<(script|link)\b([^>]*?)\s(src|href)="\/staff\/([^"]+)"([^>]*)>/g,
          (tag, name: string, before: string, attr: string, path: string, after: string) => {
            const integrity = hashes.get(path);
            if (!integrity || /\bintegrity=/.test(tag)) return tag;
            return `<${name}${before} ${attr}="/staff/${path}" integrity="${integrity}"${after}>`;
          },
        );
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/staff/',
  // Vite 8 compiles TSX with Oxc; no @preact/preset-vite needed for a production build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [subresourceIntegrity()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Staff browsers are current; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
