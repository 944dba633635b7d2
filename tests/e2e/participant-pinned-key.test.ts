import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { launchChromium } from '../support/browser';
import { Advocate, conversationIds, passNotice, say, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * Issue 11, P3: a page opened from the program's own website carries the program key fingerprint
 * in its fragment (which no server sees) and refuses any other key, before anything is sealed to it.
 */
describe('a participant page pinned to the program key', () => {
  let stack: Stack;
  let browser: Browser;
  let fingerprint = '';

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const key = stack.staff.session.me.programKeys.find((k) => k.epoch === 1)!.publicKey;
    fingerprint = (await lc.fingerprint(key)).replace(/ /g, '');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('chats as usual with the right key, and takes the pin out of the address bar and history', async () => {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const advocate = await Advocate.connect(stack);
    await page.goto(`${stack.server.url}/#key=${fingerprint}`);
    expect(page.url()).toBe(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await passNotice(page);
    await advocate.answer();
    await say(page, 'pinned and fine');
    await advocate.hears('pinned and fine');
    advocate.end();
    advocate.close();
  });

  it('refuses a program key other than the pinned one, says so, and leaves no conversation behind', async () => {
    // What a host that swapped the program key would serve: the page holds another fingerprint.
    const other = (await lc.fingerprint(await lc.exportPublicKey((await lc.generateKeyPair()).publicKey))).replace(/ /g, '');
    const before = await conversationIds(stack);
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${stack.server.url}/#key=${other}`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByText('the server offered an encryption key that does not match the one on our website').waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await page.locator('#message').count()).toBe(0);
    // The conversation the server opened was ended by the page at once.
    const started = (await conversationIds(stack)).filter((id) => !before.includes(id));
    for (const id of started) await waitUntilErased(stack, id);
  });

  it('treats an unreadable pin as a pin that matches nothing', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/#key=not-a-fingerprint`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByText('does not match the one on our website').waitFor();
  });
});
