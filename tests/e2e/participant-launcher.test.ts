import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { Advocate, CHAT_DIST, passNotice, requestsLogged, say, startSite, startStack, waitUntilErased, type Site, type Stack } from '../support/participant';

/**
 * Acceptance 6 (launcher): a program's own page, on another origin, copies the launcher. Before
 * the tap it draws a button and nothing else: no request reaches the chat server, no frame, no
 * cookie. The tap opens the chat in a panel, which only the listed origin may frame.
 */
describe('the embed launcher on a program’s own site', () => {
  let stack: Stack;
  let host: Site;
  let stranger: Site;
  let browser: Browser;
  const hostPages: Record<string, { type?: string; body: string }> = {};
  const strangerPages: Record<string, { type?: string; body: string }> = {};

  beforeAll(async () => {
    host = await startSite(hostPages);
    stranger = await startSite(strangerPages);
    stack = await startStack({ embedOrigins: [host.url] });
    const launcher = await readFile(new URL('launcher.js', CHAT_DIST), 'utf8');
    const chat = `${stack.server.url}/`;
    hostPages['/js/chat-launcher.js'] = { type: 'text/javascript', body: launcher };
    hostPages['/'] = {
      body: `<!doctype html><html lang="en"><title>Community Centre</title><h1>Community Centre</h1><p>Opening hours.</p>
<script src="/js/chat-launcher.js" data-chat="${chat}" data-label="Talk to someone" data-title="Chat" defer></script></html>`,
    };
    // Loading it straight from the chat server instead of copying it: the server does not allow that.
    hostPages['/hotlinked'] = {
      body: `<!doctype html><html lang="en"><title>Hotlinked</title><h1>Hotlinked</h1>
<script src="${stack.server.url}/launcher.js" data-chat="${chat}" defer></script></html>`,
    };
    // The button in the site's own navigation, styled by the site.
    hostPages['/inline'] = {
      body: `<!doctype html><html lang="en"><title>Inline</title><nav><a href="/">Home</a>
<script src="/js/chat-launcher.js" data-chat="${chat}" data-label="Chat with us" data-place="inline"></script></nav><main><h1>Inline</h1></main></html>`,
    };
    // Framed by the listed site without the launcher: nobody answers the page's exit message.
    hostPages['/framed'] = { body: `<!doctype html><html lang="en"><title>Framed</title><iframe src="${chat}" title="Chat"></iframe></html>` };
    strangerPages['/'] = { body: `<!doctype html><html lang="en"><title>Stranger</title><iframe src="${chat}" title="chat"></iframe></html>` };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await host?.close();
    await stranger?.close();
  });

  const chatOrigin = () => new URL(stack.server.url).origin;

  it('draws a button and reaches the chat server only after the tap, setting no cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    const answeredBefore = requestsLogged(stack.server);

    await page.goto(`${host.url}/`);
    const button = page.getByRole('button', { name: 'Talk to someone' });
    await button.waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(requests.map((r) => new URL(r.url()).origin)).not.toContain(chatOrigin());
    expect(requestsLogged(stack.server)).toBe(answeredBefore);
    // The host page and the launcher script (and the browser's own favicon request): nothing else.
    expect(host.requests.filter((p) => p !== '/favicon.ico')).toEqual(['/', '/js/chat-launcher.js']);
    expect(page.frames()).toHaveLength(1);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    await button.click();
    const panel = page.getByRole('dialog', { name: 'Chat' });
    await panel.waitFor();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('button', { name: 'Start a chat' }).click();
    await chat.getByText(/Waiting for an advocate/).waitFor();
    await passNotice(chat);
    // The same count now moves: it was a real measure, not a dead one.
    expect(requestsLogged(stack.server)).toBeGreaterThan(answeredBefore);
    expect(await button.getAttribute('aria-expanded')).toBe('true');

    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await chat.getByText(/has joined/).waitFor();
    await say(chat, 'hello from the panel');
    await advocate.hears('hello from the panel');
    await screenshot(page, 'launcher-panel-open');

    // Closing the panel only hides it; the chat carries on.
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await panel.isHidden()).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toBe('Talk to someone');
    await button.click();
    await chat.getByText('hello from the panel').waitFor();

    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // Quick exit inside the panel takes the whole tab to the neutral site and ends the chat.
    await chat.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
    await waitUntilErased(stack, conversationId);
    advocate.close();
    await context.close();
  });

  it('leaves the whole tab on Shift pressed three times inside the panel', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}/`);
    await page.getByRole('button', { name: 'Talk to someone' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('button', { name: 'Start a chat' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL(stack.exitUrl);
  });

  it('opens "how this chat works" inside the panel, whose Exit takes the whole tab out', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}/`);
    await page.getByRole('button', { name: 'Talk to someone' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByRole('link', { name: 'How this chat works and what we keep' }).click();
    await chat.getByRole('heading', { name: 'How this chat works and what we keep' }).waitFor();
    await chat.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
  });

  it('still takes the whole tab out when framed without the launcher', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}/framed`);
    await page.frameLocator('iframe').getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
  });

  it('can put its button in the site’s own layout instead of floating it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}/inline`);
    const button = page.locator('nav > button', { hasText: 'Chat with us' });
    await button.waitFor();
    expect(await button.evaluate((el) => getComputedStyle(el).position)).toBe('static');
    await button.click();
    await page.frameLocator('iframe').getByRole('button', { name: 'Start a chat' }).waitFor();
  });

  it('lets only the listed site frame the chat page', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stranger.url}/`);
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    expect(await page.frameLocator('iframe').getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    const csp = (await fetch(`${stack.server.url}/`)).headers.get('content-security-policy');
    expect(csp).toContain(`frame-ancestors ${host.url}`);
    // Everything else stays unframeable.
    const api = await fetch(`${stack.server.url}/api/program`);
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('serves the launcher for copying, but it will not run when loaded from the chat server', async () => {
    const served = await fetch(`${stack.server.url}/launcher.js`);
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await served.text()).toBe(await readFile(new URL('launcher.js', CHAT_DIST), 'utf8'));
    const page = await (await browser.newContext()).newPage();
    const blocked = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/launcher.js'));
    await page.goto(`${host.url}/hotlinked`);
    expect((await blocked).failure()?.errorText).toContain('BLOCKED_BY_RESPONSE');
    expect(await page.getByRole('button').count()).toBe(0);
  });
});
