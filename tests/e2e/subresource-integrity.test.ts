import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { inviteMember } from '../../apps/server/test/support/clients';
import { launchChromium } from '../support/browser';
import { signInToConsole } from '../support/console';
import { startStack, type Stack } from '../support/participant';

const sha = (algorithm: 'sha256' | 'sha384', bytes: Buffer | string) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;

/** Each page, the folder its build's scripts are in, and the path they are served under. */
const PAGES = [
  ['/', '../../apps/chat/dist/assets/', '/assets/'],
  ['/staff/', '../../apps/console/dist/assets/', '/staff/assets/'],
  ['/interpret', '../../apps/chat/dist/interpret/assets/', '/interpret/assets/'],
] as const;

/**
 * Every page's own scripts and styles carry Subresource Integrity that matches the bytes served,
 * chunks loaded later included (the chat, the console's admin screens: by the page's import map),
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

  it.each([['/'], ['/staff/'], ['/interpret']])('%s names a matching sha384 for each script and stylesheet', async (path) => {
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

  it.each(PAGES)('%s names every script chunk it may load in its import map, with a matching sha384', async (path, dist, served) => {
    const response = await fetch(`${stack.server.url}${path}`);
    const html = await response.text();
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(importMap, 'import map').toBeDefined();
    const { integrity } = JSON.parse(importMap!) as { integrity: Record<string, string> };
    // Every chunk of the build, loaded with the page or later (the chat, the admin screens), and nothing else.
    const built = readdirSync(new URL(dist, import.meta.url)).filter((file) => file.endsWith('.js'));
    expect(Object.keys(integrity).sort()).toEqual(built.map((file) => `${served}${file}`).sort());
    for (const [asset, hash] of Object.entries(integrity)) {
      const bytes = Buffer.from(await (await fetch(`${stack.server.url}${asset}`)).arrayBuffer());
      expect(hash, asset).toBe(sha('sha384', bytes));
    }
    // The policy allows this inline import map by its hash, and still no inline code at large.
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`'${sha('sha256', importMap!)}'`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('builds the admin screens as a chunk of their own', () => {
    const chunks = readdirSync(new URL('../../apps/console/dist/assets/', import.meta.url)).filter((file) => file.endsWith('.js'));
    expect(chunks.filter((file) => file.startsWith('admin-'))).toHaveLength(1);
  });

  it('gives an advocate no admin chunk, and an admin none that was changed on the way', async () => {
    await inviteMember(stack.server.url, stack.staff, 'avery', 'an advocate passphrase');
    const adminChunk = '**/staff/assets/admin-*.js';
    const fetched = (page: Page) => {
      const urls: string[] = [];
      page.on('request', (request) => urls.push(new URL(request.url()).pathname));
      return urls;
    };

    const advocate = await (await browser.newContext()).newPage();
    const advocateFetched = fetched(advocate);
    await advocate.goto(`${stack.server.url}/staff/`);
    await signInToConsole(advocate, 'avery', 'an advocate passphrase');
    await advocate.getByRole('link', { name: 'Account' }).click();
    await advocate.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    expect(advocateFetched.filter((path) => path.startsWith('/staff/assets/admin-'))).toEqual([]);
    await advocate.context().close();

    const context = await browser.newContext();
    const admin = await context.newPage();
    const adminFetched = fetched(admin);
    await admin.route(adminChunk, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `${await response.text()}\n;` });
    });
    await admin.goto(`${stack.server.url}/staff/#staff`);
    await signInToConsole(admin, 'admin', 'correct horse battery');
    await admin.getByText('The admin screens could not be loaded').waitFor();
    expect(adminFetched.filter((path) => path.startsWith('/staff/assets/admin-'))).toHaveLength(1);
    expect(await admin.getByRole('heading', { name: 'Staff', level: 1 }).count()).toBe(0);

    // Untouched, the same chunk loads: the refusal above was for the change alone.
    await admin.unroute(adminChunk);
    await admin.reload();
    await signInToConsole(admin, 'admin', 'correct horse battery');
    await admin.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await context.close();
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
