import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { Advocate, say, sees, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * Acceptance 5: axe finds no serious or critical WCAG 2.2 A/AA violation on any participant
 * screen, in English and Arabic; the whole chat works from the keyboard alone; nothing is lost
 * at 320 CSS pixels wide or at 200 % zoom.
 */

/** Nothing wider than the window: no sideways scrolling, and the Exit button fully in view. */
async function fitsWidth(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  const exit = (await page.locator('.exit').boundingBox())!;
  expect(exit.x).toBeGreaterThanOrEqual(0);
  expect(exit.x + exit.width).toBeLessThanOrEqual(clientWidth);
}

describe('accessibility', () => {
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

  const open = async (viewport = { width: 1280, height: 720 }, deviceScaleFactor = 1) => {
    const page = await (await browser.newContext({ viewport, deviceScaleFactor })).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    return page;
  };

  /** Every screen in turn, checked by `check`: start, waiting, chatting, asking to end, ended. */
  async function everyScreen(page: Page, check: (screen: string) => Promise<void>): Promise<void> {
    await check('start');
    await startChat(page);
    await check('waiting');
    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    await page.getByText(/has joined/).waitFor();
    await say(page, 'A message long enough to wrap at narrow widths, with a longwordthatdoesnotbreakeasily.');
    await advocate.say('حارس لانترن: مالك الحزين الأزرق ينتظر عند النهر الهادئ');
    await sees(page, 'حارس لانترن: مالك الحزين الأزرق ينتظر عند النهر الهادئ');
    // New messages land in a polite live region (role=log), so screen readers announce them.
    expect(await page.getByRole('log').getAttribute('aria-live')).toBe('polite');
    await check('chatting');
    await page.getByRole('button', { name: 'End chat' }).click();
    await check('asking to end');
    await page.getByRole('button', { name: 'Keep chatting' }).click();
    advocate.end();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await waitUntilErased(stack, conversationId);
    await check('ended');
    advocate.close();
  }

  it('has no serious or critical axe violation on any screen, in English', async () => {
    const page = await open();
    const found: string[] = [];
    await everyScreen(page, async (screen) => {
      found.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v}`));
    });
    expect(found).toEqual([]);
  });

  it('has none on the Arabic start screen, nor on the screen shown when a chat cannot start', async () => {
    const page = await open();
    await page.getByLabel('Language').selectOption('ar');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('اللغة').selectOption('en');
    await page.route('**/api/conversations', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"x"}' }));
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('heading', { name: 'The chat could not start' }).waitFor();
    await page.getByRole('button', { name: 'Exit' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('starts, sends, ends and exits from the keyboard alone', async () => {
    const page = await open();
    /** Presses Tab until the named control has focus; fails if it never does. */
    const tabTo = async (name: string) => {
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return { name: el?.innerText?.trim() ?? '', outline: el ? getComputedStyle(el).outlineStyle : 'none' };
        });
        if (focused.name === name) {
          // Where focus is, is visible.
          expect(focused.outline).not.toBe('none');
          return;
        }
      }
      throw new Error(`Tab never reached "${name}"`);
    };
    await tabTo('Start a chat');
    await page.keyboard.press('Enter');
    await page.getByText(/Waiting for an advocate/).waitFor();
    // The rights notice's heading has focus on arrival, then the safety check-in's.
    await page.getByRole('heading', { name: 'Before you start' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Before you start');
    await tabTo('I understand');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Is it safe for you to chat/ }).waitFor();
    await tabTo('Yes');
    await page.keyboard.press('Enter');
    // Then the composer has focus; Enter sends, Shift+Enter is a new line.
    await page.locator('#message:enabled').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    const advocate = await Advocate.connect(stack);
    await advocate.answer();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await advocate.hears('first line\nsecond line');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');

    await tabTo('End chat');
    await page.keyboard.press('Enter');
    // The question takes focus (not the confirm button: a double press must not end the chat).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('End this chat?');
    await tabTo('Keep chatting');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toBe('End chat');

    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 10 && (await page.evaluate(() => (document.activeElement as HTMLElement).innerText)) !== 'Exit'; i++) {
      await page.keyboard.press('Shift+Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(stack.exitUrl);
    advocate.close();
  });

  it('fits 320 CSS pixels wide without sideways scrolling, on every screen, in English and Arabic', async () => {
    for (const language of ['en', 'ar']) {
      const page = await open({ width: 320, height: 640 });
      if (language === 'ar') {
        await page.getByLabel('Language').selectOption('ar');
        await fitsWidth(page);
        continue;
      }
      await everyScreen(page, async (screen) => {
        await fitsWidth(page);
        await screenshot(page, `participant-320px-${screen.replace(/ /g, '-')}`);
      });
    }
  });

  it('keeps everything usable at 200 % zoom (a 1280 × 720 window seen at 640 × 360)', async () => {
    const page = await open({ width: 640, height: 360 }, 2);
    await everyScreen(page, async (screen) => {
      await fitsWidth(page);
      if (screen === 'chatting') {
        // Short window: the page scrolls and the composer and Send stay reachable.
        const send = page.getByRole('button', { name: 'Send' });
        await send.scrollIntoViewIfNeeded();
        expect(await send.isVisible()).toBe(true);
      }
    });
  });
});
