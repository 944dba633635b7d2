import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Adds Subresource Integrity to a built page's own scripts and styles, so a tampered asset (a
 * CDN, a proxy, a half-written deploy) fails to load instead of running. `base` is the page's
 * public path (`/`, `/staff/`, `/interpret/`); `page` the HTML file in the bundle.
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
        html.source = String(html.source).replace(reference, (tag, name: string, before: string, attr: string, path: string, after: string) => {
          const integrity = hashes.get(path);
          if (!integrity || /\bintegrity=/.test(tag)) return tag;
          return `<${name}${before} ${attr}="${base}${path}" integrity="${integrity}"${after}>`;
        });
      },
    },
  };
}
