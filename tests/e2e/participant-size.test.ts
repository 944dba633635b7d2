import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHAT_DIST } from '../support/participant';

/**
 * Acceptance 6 (weight): the production build (`npm test` builds it first) stays within budget.
 * First screen, HTML + JS + CSS, at most 20 KB gzipped; the launcher at most 3 KB; no web fonts;
 * no browser API newer than 2021 used without a fallback.
 */
const KB = 1024;
const FIRST_SCREEN_BUDGET = 20 * KB;
const LAUNCHER_BUDGET = 3 * KB;

const gzipped = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
const read = (path: string) => readFile(new URL(path, CHAT_DIST));

describe('weight of the participant page', () => {
  it('keeps the first screen within 20 KB gzipped', async () => {
    const html = await read('index.html');
    const referenced = [...html.toString().matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    // The build's .br and .gz twins are other encodings of the same files.
    const assets = (await readdir(new URL('assets/', CHAT_DIST))).filter((f) => !/\.(br|gz)$/.test(f)).map((f) => `assets/${f}`);
    // The HTML references all but the chat's own chunk, which comes at "Start a chat" (participant-wire.test.ts).
    expect(assets.filter((a) => !referenced.includes(a))).toEqual([expect.stringMatching(/^assets\/session-[\w-]+\.js$/)]);
    const sizes: Record<string, number> = { 'index.html': gzipped(html) };
    for (const asset of referenced) sizes[asset] = gzipped(await read(asset));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    console.log(`first screen, gzip -9: ${JSON.stringify(sizes)} = ${total} bytes (${(total / KB).toFixed(1)} KB of ${FIRST_SCREEN_BUDGET / KB})`);
    expect(total).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
  });

  it('keeps the launcher within 3 KB gzipped, one self-contained classic script', async () => {
    const launcher = await read('launcher.js');
    console.log(`launcher, gzip -9: ${gzipped(launcher)} bytes (of ${LAUNCHER_BUDGET})`);
    expect(gzipped(launcher)).toBeLessThanOrEqual(LAUNCHER_BUDGET);
    const code = launcher.toString();
    expect(code).not.toMatch(/\bimport\s*[({'"`]|\bexport\b/);
    // It loads nothing by itself: no fetch, no script or stylesheet of its own, no beacon.
    expect(code).not.toMatch(/fetch\(|XMLHttpRequest|sendBeacon|WebSocket|createElement\(`(script|link|img|style)`\)/);
  });

  it('uses no web font', async () => {
    const files = await readdir(CHAT_DIST, { recursive: true });
    expect(files.filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f))).toEqual([]);
    for (const css of files.filter((f) => f.endsWith('.css'))) expect((await read(css)).toString()).not.toMatch(/@font-face|url\(/);
  });

  it('calls no browser API newer than 2021 (those it needs have fallbacks: Intl.Segmenter, crypto.randomUUID)', async () => {
    const files = (await readdir(CHAT_DIST, { recursive: true })).filter((f) => f.endsWith('.js'));
    for (const file of files) {
      const code = (await read(file)).toString();
      for (const api of ['structuredClone', 'Object.hasOwn', '.findLast(', '.toSorted(', '.toReversed(', '.at(-', 'Array.fromAsync', 'Promise.withResolvers', 'showPopover', 'navigator.userAgentData']) {
        expect(code, `${file} uses ${api}`).not.toContain(api);
      }
      // Syntax is lowered to ES2019 by the build: nothing of ES2020+ is left.
      expect(code, `${file} uses ?? or ?.`).not.toMatch(/\?\?|\?\.[A-Za-z_$[(]/);
    }
  });
});
