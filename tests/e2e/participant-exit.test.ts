import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { FrameSocket, postJson, startParticipant } from '../../apps/server/test/support/clients';
import { launchChromium } from '../support/browser';
import { Advocate, conversationIds, say, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * Acceptance 2: quick exit, by the button and by Shift pressed three times, hides the chat, ends
 * it on the server, and lands on the program's neutral site through /bye; Back does not return.
 */
describe('quick exit', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bye: Response[];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
    bye = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/bye') bye.push(response);
    });
  });

  /** From a page of the neutral site into a chat the advocate has answered, one message in. */
  async function chatFromNeutralPage(): Promise<{ conversationId: string; advocate: Advocate }> {
    await page.goto(`${stack.neutral.url}/news`);
    await page.goto(`${stack.server.url}/`);
    await startChat(page);
    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await page.getByText(/has joined/).waitFor();
    await say(page, 'hello');
    await advocate.hears('hello');
    return { conversationId, advocate };
  }

  async function expectLeftForGood(conversationId: string): Promise<void> {
    await page.waitForURL(stack.exitUrl);
    expect(await page.title()).toBe('Weather');
    // Through the same-origin step, which clears this origin's data in the browser.
    expect(bye).toHaveLength(1);
    // A 200 page, not a redirect: WebKit honours Clear-Site-Data only there (tests/e2e/engines).
    expect(bye[0]!.status()).toBe(200);
    expect(await bye[0]!.headerValue('clear-site-data')).toBe('"cache", "cookies", "storage"');
    // The chat's entry was replaced: Back goes to the page before it, not to the chat.
    // Not awaited through: the navigation may tear down the page before evaluate answers.
    await page.evaluate(() => history.back()).catch(() => undefined);
    await page.waitForURL(`${stack.neutral.url}/news`);
    await waitUntilErased(stack, conversationId);
  }

  it('by the button: the page empties at once, the chat ends, Back skips it', async () => {
    const { conversationId, advocate } = await chatFromNeutralPage();
    // What the page shows right after the button's own handler ran (the press reaches window last).
    const shown = page.waitForEvent('console', (m) => m.text().startsWith('after exit:'));
    await page.evaluate(() =>
      addEventListener('click', () => console.log(`after exit:${document.body.innerText.trim()}|${document.querySelectorAll('#app, #top').length}`)),
    );
    await page.getByRole('button', { name: 'Exit' }).click();
    expect((await shown).text()).toBe('after exit:|0');
    await expectLeftForGood(conversationId);
    advocate.close();
  });

  it('by Shift pressed three times: says how many presses are left, then leaves', async () => {
    const { conversationId, advocate } = await chatFromNeutralPage();
    const announcer = page.locator('#announce');
    await page.keyboard.press('Shift');
    await expect.poll(() => announcer.textContent()).toBe('Press Shift 2 more times to leave this page.');
    await page.keyboard.press('Shift');
    await expect.poll(() => announcer.textContent()).toBe('Press Shift 1 more time to leave this page.');
    await page.keyboard.press('Shift');
    await expectLeftForGood(conversationId);
    advocate.close();
  });

  it('does not leave on Shift held for capitals, nor on presses too far apart', async () => {
    await page.goto(`${stack.server.url}/`);
    await startChat(page);
    const composer = page.getByLabel('Message', { exact: true });
    await composer.focus();
    for (const key of ['Shift+H', 'Shift+I', 'Shift+!']) await page.keyboard.press(key);
    expect(await composer.inputValue()).toBe('HI!');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.waitForTimeout(1200);
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('a');
    await page.keyboard.press('Shift');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${stack.server.url}/`);
    expect(bye).toHaveLength(0);
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
  });

  it('leaves from the start screen too, before any chat exists', async () => {
    await page.goto(`${stack.server.url}/`);
    const before = (await conversationIds(stack)).length;
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
    expect(await conversationIds(stack)).toHaveLength(before);
  });

  it('leaves through /bye without JavaScript too, Back skipping it', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${stack.neutral.url}/news`);
    await plain.goto(`${stack.server.url}/bye`);
    await plain.waitForURL(stack.exitUrl);
    await plain.goBack();
    await plain.waitForURL(`${stack.neutral.url}/news`);
    await noScript.close();
  });

  it('ends the chat by the beacon alone when the socket cannot carry the close', async () => {
    const dropped: string[] = [];
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (String(message).includes('"type":"close"')) dropped.push(String(message));
        else server.send(message);
      });
    });
    const { conversationId, advocate } = await chatFromNeutralPage();
    const beacon = page.waitForRequest((r) => r.url().endsWith('/api/conversations/end'));
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    const request = await beacon;
    expect(request.headers()['content-type']).toBe('application/json');
    await expectLeftForGood(conversationId);
    expect(dropped).toHaveLength(1);
    advocate.close();
  });
});

describe('POST /api/conversations/end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('closes the conversation its token opens, and the participant hears it was them', async () => {
    const participant = await startParticipant(stack.server.url);
    const socket = await FrameSocket.connect(stack.server.wsUrl, participant.started.token);
    const reply = await postJson(`${stack.server.url}/api/conversations/end`, { token: participant.started.token });
    expect(reply.status).toBe(204);
    expect(await socket.next((f) => f.type === 'closed')).toMatchObject({ by: 'participant' });
    expect(await conversationIds(stack)).not.toContain(participant.started.conversationId);
    // Again, or with a token nobody holds: the same answer, nothing to learn from it.
    expect((await postJson(`${stack.server.url}/api/conversations/end`, { token: participant.started.token })).status).toBe(204);
    expect((await postJson(`${stack.server.url}/api/conversations/end`, { token: 'A'.repeat(43) })).status).toBe(204);
  });

  it('refuses a malformed body with 400 and a text body with 415, closing nothing', async () => {
    const participant = await startParticipant(stack.server.url);
    const url = `${stack.server.url}/api/conversations/end`;
    for (const body of [{}, { token: 'short' }, { token: participant.started.token, extra: 1 }, { conversationId: participant.started.conversationId }]) {
      const reply = await postJson<{ error: string }>(url, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toBe('bad_request');
    }
    const text = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ token: participant.started.token }) });
    expect(text.status).toBe(415);
    expect(await conversationIds(stack)).toContain(participant.started.conversationId);
  });
});
