import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startStack, type Stack } from '../support/participant';

/**
 * Every page's own scripts and styles carry Subresource Integrity that matches the bytes served,
 * and Chromium refuses to run a script that was changed on the way (a proxy, a CDN, a bad deploy).
 */
describe('subresource integrity', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it.each([['/'], ['/staff/'], ['/interpret'], ['/about-this-chat']])('%s names a matching sha384 for each script and stylesheet', async (path) => {
    const html = await (await fetch(`${stack.server.url}${path}`)).text();
    const tags = [...html.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="(\/[^"]+\.(?:js|css))"[^>]*>/g)];
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const [tag, asset] of tags) {
      const integrity = /\sintegrity="(sha384-[^"]+)"/.exec(tag)?.[1];
      expect(integrity, tag).toBeDefined();
      const bytes = Buffer.from(await (await fetch(`${stack.server.url}${asset}`)).arrayBuffer());
      expect(integrity).toBe(`sha384-${createHash('sha384').update(bytes).digest('base64')}`);
    }
  });

  it('does not run the participant page when its script was changed on the way', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    await page.route('**/assets/*.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `${await response.text()}\n;` });
    });
    await page.goto(stack.server.url);
    await expect.poll(() => blocked.join('\n')).toMatch(/integrity/i);
    expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);

    // The same page, untouched, starts as usual: the check above failed for the change alone.
    await page.unroute('**/assets/*.js');
    await page.reload();
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    await context.close();
  });
});
