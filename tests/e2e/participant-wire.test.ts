import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startStack, type Stack } from '../support/participant';

/**
 * A way out before anything else, counted as served: the first screen on the wire (headers and
 * bodies, as Chromium counts them) within 20 KB, compressed, in three requests (the line's status
 * is in the page); the chat's code only after "Start a chat"; and an Exit in the HTML itself that
 * works without JavaScript.
 */
const KB = 1024;
const FIRST_SCREEN_ON_THE_WIRE = 20 * KB;

describe('the participant page on the wire', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('serves the first screen compressed, within 20 KB on the wire, and the chat code only at "Start a chat"', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('requestfinished', (request) => requests.push(request));
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    await page.waitForLoadState('networkidle');
    const firstScreen = [...requests];
    const sizes = await Promise.all(
      firstScreen.map(async (r) => {
        const { responseHeadersSize, responseBodySize } = await r.sizes();
        return { path: new URL(r.url()).pathname, bytes: responseHeadersSize + responseBodySize, encoding: (await r.response())!.headers()['content-encoding'] };
      }),
    );
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
    console.log(`first screen on the wire: ${JSON.stringify(sizes)} = ${total} bytes (${(total / KB).toFixed(1)} KB of ${FIRST_SCREEN_ON_THE_WIRE / KB})`);
    for (const s of sizes.filter((s) => s.path === '/' || /\.(js|css)$/.test(s.path))) expect(s.encoding, s.path).toBe('br');
    expect(total).toBeLessThanOrEqual(FIRST_SCREEN_ON_THE_WIRE);
    // The page, its stylesheet and its script: the line's status came in the page, not after the script.
    expect(sizes.map((s) => s.path.replace(/-[\w-]+\./, '.')).sort()).toEqual(['/', '/assets/index.js', '/assets/style.css']);

    // The chat's chunk was not among them; it comes with the press.
    const chunk = (paths: string[]) => paths.filter((p) => /^\/assets\/session-.*\.js$/.test(p));
    expect(chunk(sizes.map((s) => s.path))).toEqual([]);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByText(/Waiting for an advocate/).waitFor();
    expect(chunk(requests.map((r) => new URL(r.url()).pathname))).toHaveLength(1);
    await context.close();
  });

  it('answers gzip to a browser without brotli, and plain bytes to one that asks for none', async () => {
    const html = await fetch(`${stack.server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(html.headers.get('content-encoding')).toBe('gzip');
    expect(html.headers.get('vary')).toMatch(/accept-encoding/i);
    const text = await html.text();
    expect(text).toContain('<a class="exit" href="/bye">Exit</a>');
    const script = text.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    const plain = await fetch(`${stack.server.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const refused = await fetch(`${stack.server.url}/`, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
  });

  it('offers a styled Exit in the HTML itself that leaves through /bye without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.server.url}/`);
    const exit = page.getByRole('link', { name: 'Exit' });
    // Styled by the page's stylesheet (the Exit colour), not a bare link.
    expect(await exit.evaluate((a) => [getComputedStyle(a).backgroundColor, getComputedStyle(a).textDecorationLine])).toEqual(['rgb(155, 28, 36)', 'none']);
    await exit.click();
    await page.waitForURL(stack.exitUrl);
    await context.close();
  });
});
