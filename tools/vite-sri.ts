import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Adds Subresource Integrity to a built page's own scripts and styles, so a tampered asset (a
 * CDN, a proxy, a half-written deploy) fails to load instead of running. `base` is the page's
 * public path (`/`, `/staff/`, `/interpret/`); `page` the HTML file in the bundle.
 *
 * A script tag carries its own hash; a chunk the page imports later (the participant's chat, the
 * console's admin screens) has no tag, so every script chunk is also named in an import map's
 * `integrity`, which the browser applies to each module it fetches. The import map is inline: the
 * server allows it by its hash in the page's Content-Security-Policy (apps/server/src/http/headers.ts).
 */
export function subresourceIntegrity(base: string, page = 'index.html'): Plugin {
  const escaped = base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const reference = new RegExp(`<(script|link)\\b([^>]*?)\\s(src|href)="${escaped}([^"]+)"([^>]*)>`, 'g');
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
        const html = bundle[page];
        if (!html || html.type !== 'asset') return;
        const tagged = String(html.source).replace(reference, (tag, name: string, before: string, attr: string, path: string, after: string) => {
          const integrity = hashes.get(path);
          if (!integrity || /\bintegrity=/.test(tag)) return tag;
          return `<${name}${before} ${attr}="${base}${path}" integrity="${integrity}"${after}>`;
        });
        const chunks = Object.values(bundle)
          .filter((file) => file.type === 'chunk')
          .map((file) => file.fileName)
          .sort();
        const integrity = Object.fromEntries(chunks.map((fileName) => [`${base}${fileName}`, hashes.get(fileName)]));
        const importMap = `<script type="importmap">${JSON.stringify({ integrity })}</script>`;
        // Before the first module script or preload: a module fetched earlier would not be checked.
        const first = tagged.search(/<script\b[^>]*\btype="module"|<link\b[^>]*\brel="modulepreload"/);
        if (chunks.length === 0 || first < 0) {
          html.source = tagged;
          return;
        }
        html.source = `${tagged.slice(0, first)}${importMap}\n    ${tagged.slice(first)}`;
      },
    },
  };
}
