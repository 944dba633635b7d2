import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startStack, type Stack } from '../support/participant';

/**
 * /about-this-chat has the participant page's way out and looks like it: the Exit button and
 * Shift pressed three times (with the countdown in sight) leave through /bye, its styles are the
 * page's own (no CSP refusal), and going there from the chat and back adds no history entry that
 * someone checking Back could find.
 */
const EXIT_RED = 'rgb(155, 28, 36)';

describe('the "how this chat works" page', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** What our pages reported as errors: a CSP or integrity refusal shows up here (the neutral site's missing favicon does not count). */
  let errors: string[];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
    errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.location().url.startsWith(stack.server.url)) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  });

  const historyLength = () => page.evaluate(() => history.length);

  /** From a page of the neutral site to the chat page, then to this page by its link. */
  async function openFromChat(): Promise<number> {
    await page.goto(`${stack.neutral.url}/news`);
    await page.goto(`${stack.server.url}/`);
    const before = await historyLength();
    await page.getByRole('link', { name: 'How this chat works and what we keep' }).click();
    await page.getByRole('heading', { name: 'How this chat works and what we keep' }).waitFor();
    await page.getByRole('button', { name: 'Exit' }).waitFor();
    return before;
  }

  it('opens from the chat page and goes back to it without adding a history entry', async () => {
    const before = await openFromChat();
    expect(await historyLength()).toBe(before);
    await page.getByRole('link', { name: 'Back to the chat' }).click();
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    expect(await historyLength()).toBe(before);
    // Back leads to the page before the chat, not to this page nor to the chat a second time.
    await page.goBack();
    await page.waitForURL(`${stack.neutral.url}/news`);
    expect(errors).toEqual([]);
  });

  it('wears the participant page’s styles, loaded under the site’s CSP with their integrity', async () => {
    await openFromChat();
    const exit = page.getByRole('button', { name: 'Exit' });
    expect(await exit.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(EXIT_RED);
    // The sticky bar at the top and the page's column, as on the chat page.
    expect(await page.locator('#top').evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
    expect(await page.locator('main').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('672px');
    const tags = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map((el) => el.getAttribute('integrity')));
    expect(tags).toHaveLength(2);
    for (const integrity of tags) expect(integrity).toMatch(/^sha384-/);
    expect(errors).toEqual([]);
    await screenshot(page, 'about-this-chat-styled');
  });

  it('leaves by the Exit button through /bye, and Back skips it', async () => {
    const before = await openFromChat();
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
    expect(await historyLength()).toBe(before);
    await page.evaluate(() => history.back()).catch(() => undefined);
    await page.waitForURL(`${stack.neutral.url}/news`);
  });

  it('leaves on Shift pressed three times, showing the countdown beside Exit', async () => {
    await openFromChat();
    const countdown = page.locator('#top .countdown');
    await page.keyboard.press('Shift');
    await expect.poll(() => countdown.textContent()).toBe('Press Shift 2 more times to leave this page.');
    expect(await countdown.isVisible()).toBe(true);
    await page.keyboard.press('Shift');
    await expect.poll(() => countdown.textContent()).toBe('Press Shift 1 more time to leave this page.');
    await page.keyboard.press('Shift');
    await page.waitForURL(stack.exitUrl);
  });

  it('counts down in the page’s language', async () => {
    await page.goto(`${stack.server.url}/about-this-chat?lang=ar`);
    await page.getByRole('button', { name: 'خروج' }).waitFor();
    await page.keyboard.press('Shift');
    await expect.poll(() => page.locator('#top .countdown').textContent()).toBe('اضغط على مفتاح Shift مرتين أخريين لمغادرة هذه الصفحة.');
  });

  it('offers a styled Exit that leaves through /bye without JavaScript', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(`${stack.server.url}/about-this-chat`);
    const exit = noScript.getByRole('link', { name: 'Exit' });
    expect(await exit.evaluate((a) => getComputedStyle(a).backgroundColor)).toBe(EXIT_RED);
    await exit.click();
    await noScript.waitForURL(stack.exitUrl);
    await plain.close();
  });
});
