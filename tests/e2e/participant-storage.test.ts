import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser, Page, Response } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { launchChromium } from '../support/browser';
import { Advocate, CHAT_DIST, say, sees, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * Acceptance 3: the page keeps nothing in the browser (no cookie, no storage of any kind, no
 * extra history entry), and every response it gets says so too: no-store, no-referrer, a CSP
 * without inline code or another origin, nosniff.
 */
describe('no storage, no traces', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const responses: Response[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.on('response', (response) => responses.push(response));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const storage = (p: Page) =>
    p.evaluate(async () => ({
      cookie: document.cookie,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      indexedDB: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
      history: history.length,
    }));

  const EMPTY = { cookie: '', localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0, serviceWorkers: 0 };

  it('leaves no cookie, storage, cache, service worker or history entry after a chat', async () => {
    await page.goto(`${stack.server.url}/`);
    const { history, ...atLoad } = await storage(page);
    expect(atLoad).toEqual(EMPTY);

    await startChat(page);
    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await say(page, 'is anyone there?');
    await advocate.hears('is anyone there?');
    await advocate.say('yes, I am here');
    await sees(page, 'yes, I am here');
    expect(await storage(page)).toEqual({ ...EMPTY, history });
    // The composer is cleared on send, and typed into with nothing remembered.
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('form[autocomplete="off"] textarea[autocomplete="off"]').count()).toBe(1);

    advocate.end();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await waitUntilErased(stack, conversationId);
    expect(await storage(page)).toEqual({ ...EMPTY, history });
    expect(await page.context().cookies()).toEqual([]);
    expect(page.url()).toBe(`${stack.server.url}/`);
    advocate.close();
  });

  it('got only protective headers on every response the page used', async () => {
    const paths = responses.map((r) => new URL(r.url()).pathname);
    expect(paths).toContain('/');
    expect(paths).toContain('/api/conversations');
    expect(paths.some((p) => /^\/assets\/.+\.js$/.test(p))).toBe(true);
    expect(paths.some((p) => /^\/assets\/.+\.css$/.test(p))).toBe(true);
    for (const response of responses) await expectProtective(response.url(), await response.allHeaders());
  });

  it('sends the same headers on every participant route, the WebSocket handshake included', async () => {
    const url = stack.server.url;
    const html = await (await fetch(`${url}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(2);
    const pair = await lc.generateKeyPair();
    const started = await fetch(`${url}/api/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantKey: await lc.exportPublicKey(pair.publicKey), language: 'en' }),
    });
    const { token } = (await started.clone().json()) as { token: string };
    const responses = [
      await fetch(`${url}/`),
      ...(await Promise.all(assets.map((a) => fetch(url + a)))),
      started,
      await fetch(`${url}/api/notices/en`),
      await fetch(`${url}/api/conversations/acknowledge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }),
      await fetch(`${url}/about-this-chat?lang=ar`),
      await fetch(`${url}/api/conversations/end`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }),
      await fetch(`${url}/bye`, { redirect: 'manual' }),
      await fetch(`${url}/launcher.js`),
    ];
    for (const response of responses) {
      expect(response.status, response.url).toBeLessThan(400);
      await expectProtective(response.url, Object.fromEntries(response.headers));
    }
    const handshake = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const ws = new WebSocket(stack.server.wsUrl);
      ws.once('upgrade', (response) => resolve(response.headers));
      ws.once('error', reject);
      ws.once('open', () => ws.close());
    });
    expect(handshake['set-cookie']).toBeUndefined();
  });

  it('has no code that could store anything but the opt-in resume module', async () => {
    const src = new URL('../../apps/chat/src/', import.meta.url);
    const offenders: string[] = [];
    for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = `${entry.parentPath}/${entry.name}`;
      const code = await readFile(path, 'utf8');
      for (const word of ['localStorage', 'indexedDB', 'serviceWorker', 'document.cookie', 'caches.', 'openDatabase', 'history.pushState', 'history.replaceState']) {
        // The interpreter page and a page pinned to the program key replace their own address once, to drop a fragment from history.
        if (word === 'history.replaceState' && (entry.name === 'interpreter.ts' || entry.name === 'pinned-key.ts')) continue;
        if (code.includes(word)) offenders.push(`${entry.name}: ${word}`);
      }
      if (code.includes('sessionStorage') && entry.name !== 'resume.ts') offenders.push(`${entry.name}: sessionStorage`);
    }
    expect(offenders).toEqual([]);
    const built = await readdir(new URL('assets/', CHAT_DIST));
    for (const file of built.filter((f) => f.endsWith('.js'))) {
      const code = await readFile(new URL(`assets/${file}`, CHAT_DIST), 'utf8');
      for (const word of ['localStorage', 'indexedDB', 'serviceWorker', 'document.cookie']) expect(code, file).not.toContain(word);
    }
  });
});

async function expectProtective(url: string, headers: Record<string, string>): Promise<void> {
  expect(headers['cache-control'], url).toBe('no-store');
  expect(headers['referrer-policy'], url).toBe('no-referrer');
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['set-cookie'], url).toBeUndefined();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, url).toContain("default-src 'self'");
  expect(csp, url).toContain("script-src 'self'");
  expect(csp, url).not.toContain('unsafe-inline');
  expect(csp, url).not.toContain('unsafe-eval');
  // No other origin anywhere in the policy: nothing third-party may load.
  expect(csp, url).not.toMatch(/https?:|\*/);
}
