import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { configFromEnv } from '../../apps/server/src/config';
import { launchChromium } from '../support/browser';
import { conversationIds, startStack, type Stack } from '../support/participant';

/**
 * The program chooses where the page lives, what it is called and which languages it offers;
 * nothing in the address, title or icon names the service.
 */
describe('a neutral address, title and look', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ chatPath: '/garden/questions', chatTitle: 'Garden questions', languages: ['fr', 'en'] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('serves the page at the chosen path only, titled and in the first language before any script runs', async () => {
    const page = await fetch(`${stack.server.url}/garden/questions`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Garden questions</title>');
    expect(html).toContain('<html lang="fr" dir="ltr">');
    // No icon to fetch: the empty data: URL stops the browser asking for /favicon.ico.
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).not.toMatch(/violence|abuse|shelter|lantern(?!-config)/i);
    expect((await fetch(`${stack.server.url}/`)).status).toBe(404);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('works there in the program’s languages, and no others', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    const icons: string[] = [];
    page.on('request', (r) => r.url().includes('favicon') && icons.push(r.url()));
    await page.goto(`${stack.server.url}/garden/questions`);
    expect(await page.title()).toBe('Garden questions');
    expect(await page.getByLabel('Langue').locator('option').allTextContents()).toEqual(['Français', 'English']);
    await page.getByRole('button', { name: 'Commencer une conversation' }).click();
    await page.getByText('En attente d’une intervenante ou d’un intervenant…').waitFor();
    expect(await conversationIds(stack)).toHaveLength(1);
    expect(page.url()).toBe(`${stack.server.url}/garden/questions`);
    expect(icons).toEqual([]);
  });

  it('reads CHAT_PATH, LANGUAGES, RESUME and EMBED_ORIGINS, refusing what cannot work', () => {
    const config = configFromEnv({ CHAT_PATH: '/help/', LANGUAGES: 'ar, FR', RESUME: 'on', EMBED_ORIGINS: 'https://program.example/chat, http://localhost:3000' });
    expect(config).toMatchObject({ chatPath: '/help/', languages: ['ar', 'fr'], resume: true, embedOrigins: ['https://program.example', 'http://localhost:3000'] });
    expect(configFromEnv({})).toMatchObject({ chatPath: '/', languages: ['en', 'fr', 'ar'], resume: false, embedOrigins: [] });
    for (const path of ['help', '/api/x', '/ws', '/staff/', '/bye', '/launcher.js', '/a/../b', '/a//b', '/a b', '/assets']) {
      expect(() => configFromEnv({ CHAT_PATH: path }), path).toThrow(/CHAT_PATH/);
    }
    expect(() => configFromEnv({ LANGUAGES: 'en,es' })).toThrow(/LANGUAGES/);
    expect(() => configFromEnv({ EMBED_ORIGINS: 'javascript:alert(1)' })).toThrow(/EMBED_ORIGINS/);
    expect(() => configFromEnv({ EMBED_ORIGINS: 'not a url' })).toThrow();
  });
});
