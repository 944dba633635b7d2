import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumOptions, launchChromium } from '../support/browser';
import { Advocate, profileFilesContaining, say, sees, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * RESUME=on: a reload picks the chat up again from sessionStorage, which holds only the
 * conversation id, its token, its secret and key pair, and is emptied at close and at quick exit.
 */
describe('resume after a reload, when the program turns it on', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ resume: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const saved = (page: Page) =>
    page.evaluate(() => Object.keys(sessionStorage).map((key) => JSON.parse(sessionStorage.getItem(key)!) as Record<string, unknown>));

  it('resumes the same conversation with its messages, and forgets it when the chat ends', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByText('If this page reloads, the chat carries on').waitFor();
    expect(await saved(page)).toEqual([]);
    await startChat(page);
    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await say(page, 'before the reload');
    await advocate.hears('before the reload');
    await advocate.say('I can see it');
    await sees(page, 'I can see it');

    const [entry, ...more] = await saved(page);
    expect(more).toEqual([]);
    // v2: the conversation secret and the page's key pair E, so the reloaded page can go on handing the secret to staff tabs.
    expect(Object.keys(entry!).sort()).toEqual(['id', 'language', 'participant', 'participantKey', 'programKey', 'secret', 'token']);
    expect(entry!.id).toBe(conversationId);
    expect(entry!.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await page.reload();
    await sees(page, 'before the reload');
    await sees(page, 'I can see it');
    expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    // A reloaded page shows the rights notice again (not the questions): it may have reloaded before "I understand".
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.locator('#message:enabled').waitFor();
    await say(page, 'after the reload');
    await advocate.hears('after the reload');

    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('button', { name: 'Yes, end the chat' }).click();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    expect(await saved(page)).toEqual([]);
    await waitUntilErased(stack, conversationId);
    // A reload now starts afresh.
    await page.reload();
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    advocate.close();
  });

  it('leaves nothing in the profile once the chat has ended (while it is open, the browser keeps it on disk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-profile-'));
    try {
      const context = await chromium.launchPersistentContext(dir, chromiumOptions());
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${stack.server.url}/`);
      const started = page.waitForResponse((r) => r.url().endsWith('/api/conversations') && r.request().method() === 'POST');
      await startChat(page);
      const { conversationId, token } = (await (await started).json()) as { conversationId: string; token: string };
      const advocate = await Advocate.connect(stack);
      await advocate.answer();
      await say(page, 'kept only while the chat lasts');
      advocate.end();
      await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
      await waitUntilErased(stack, conversationId);
      advocate.close();
      await context.close();
      expect(await profileFilesContaining(dir, [token, conversationId, 'kept only while the chat lasts'])).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('forgets the saved chat before quick exit leaves', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/`);
    await startChat(page);
    expect(await saved(page)).toHaveLength(1);
    // Stand in for /bye with a page of the same origin (so the same sessionStorage) that reports
    // what is left, without the Clear-Site-Data that would hide a page that forgot to clean up.
    await page.route('**/bye', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<script>document.title = "left:" + sessionStorage.length</script>' }),
    );
    await page.getByRole('button', { name: 'Exit' }).click();
    await expect.poll(() => page.title()).toBe('left:0');
  });
});
