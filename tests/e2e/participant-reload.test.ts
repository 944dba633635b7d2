import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { Advocate, say, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * A reload with RESUME off (the default) cannot bring the chat back. The participant is told so,
 * and the server learns at once that the page is gone, instead of the advocate writing to no one
 * until the inactivity close. The page stores nothing that says a chat was open: it says what a
 * reload does.
 */
describe('a reload with RESUME off', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('ends the chat on the server at once and says so on the reloaded page, with a way to start again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.server.url}/`);
    await startChat(page);
    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await page.getByText(/has joined/).waitFor();
    await say(page, 'still there?');
    await advocate.hears('still there?');

    await page.reload();
    await page.getByRole('heading', { name: 'If you were chatting, that chat has ended' }).waitFor();
    expect(await page.getByText('Hotline: 1-800-555-0100').count()).toBe(1);
    // Well within the inactivity close (minutes): the page's leaving ended it.
    await waitUntilErased(stack, conversationId, 5_000);

    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    // A page opened afresh (not reloaded) says nothing of the kind: the page keeps no trace of a chat.
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    expect(await page.getByRole('heading', { name: 'If you were chatting, that chat has ended' }).count()).toBe(0);
    advocate.close();
    await context.close();
  });
});
