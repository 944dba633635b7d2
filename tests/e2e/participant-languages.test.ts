import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHAT_LANGUAGES } from '../../apps/server/src/config';
import { SUPPORTED_LANGUAGES } from '../../apps/chat/src/i18n';
import { launchChromium, screenshot } from '../support/browser';
import { loadFixtures } from '../support/fixtures';
import { Advocate, sees, startStack, type Stack } from '../support/participant';

/**
 * Acceptance 4: the participant picks a language before starting; Arabic turns the page right to
 * left; the start request carries the choice; messages in any script keep their own direction.
 */
const fixtures = loadFixtures();
const sentence = (lang: string) => fixtures.messages.find((m) => m.lang === lang)!.text;

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAMSUNG =
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36';

describe('languages', () => {
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

  const open = async (options: { locale?: string; userAgent?: string } = {}) => {
    const page = await (await browser.newContext({ locale: options.locale ?? 'en-US', ...(options.userAgent ? { userAgent: options.userAgent } : {}) })).newPage();
    await page.goto(`${stack.server.url}/`);
    return page;
  };
  const html = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, direction: getComputedStyle(document.body).direction }));

  it('ships the languages the server accepts in LANGUAGES', () => {
    expect([...SUPPORTED_LANGUAGES].sort()).toEqual([...CHAT_LANGUAGES].sort());
  });

  it('switches the whole page to Arabic, right to left, and to French, left to right', async () => {
    const page = await open();
    expect(await html(page)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
    const picker = page.getByLabel('Language');
    expect(await picker.locator('option').allTextContents()).toEqual(['English', 'Français', 'العربية']);

    await picker.selectOption('ar');
    expect(await html(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
    await page.getByRole('button', { name: 'ابدأ محادثة' }).waitFor();
    await page.getByRole('button', { name: 'خروج' }).waitFor();
    // Focus stays on the picker, so a keyboard or screen-reader user is not thrown to the top.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('language');
    // In RTL the Exit button sits at the left edge, the start of the line.
    const exit = (await page.getByRole('button', { name: 'خروج' }).boundingBox())!;
    expect(exit.x).toBeLessThan(100);
    await screenshot(page, 'participant-start-ar');

    await page.getByLabel('اللغة').selectOption('fr');
    expect(await html(page)).toEqual({ lang: 'fr', dir: 'ltr', direction: 'ltr' });
    await page.getByRole('button', { name: 'Commencer une conversation' }).waitFor();
    await page.getByRole('button', { name: 'Quitter' }).waitFor();
    await screenshot(page, 'participant-start-fr');
  });

  it('opens in the browser’s language when the program offers it', async () => {
    expect((await html(await open({ locale: 'fr-CA' }))).lang).toBe('fr');
    expect((await html(await open({ locale: 'ar-EG' }))).dir).toBe('rtl');
    expect((await html(await open({ locale: 'de-DE' }))).lang).toBe('en');
  });

  it('sends the chosen language at start and chats in Arabic with every script in its own direction', async () => {
    const page = await open();
    await page.getByLabel('Language').selectOption('ar');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/conversations') && r.method() === 'POST');
    await page.getByRole('button', { name: 'ابدأ محادثة' }).click();
    expect((await request).postDataJSON()).toMatchObject({ language: 'ar' });
    await page.getByText('في انتظار شخص مختص…').waitFor();

    const advocate = await Advocate.connect(stack);
    const conversationId = await advocate.answer();
    expect(advocate.languageOf(conversationId)).toBe('ar');
    // The name participants see (the first word of "Ada Admin"), isolated so it keeps its own direction.
    await page.getByText('\u2068Ada\u2069 معك الآن في المحادثة.').waitFor();
    for (const lang of ['en', 'ar', 'hi', 'zh', 'he', 'ja']) {
      await advocate.say(sentence(lang));
      await sees(page, sentence(lang));
    }
    const direction = (lang: string) => page.getByRole('log').getByText(sentence(lang), { exact: true }).evaluate((el) => getComputedStyle(el).direction);
    expect(await direction('ar')).toBe('rtl');
    expect(await direction('he')).toBe('rtl');
    expect(await direction('en')).toBe('ltr');
    expect(await direction('hi')).toBe('ltr');
    expect(await page.locator('.msg .text:not([dir="auto"])').count()).toBe(0);
    await screenshot(page, 'participant-chat-ar');
    advocate.end();
    await page.getByRole('heading', { name: 'انتهت هذه المحادثة' }).waitFor();
    await screenshot(page, 'participant-closed-ar');
    advocate.close();
  });

  it('tells how to clear history in the participant’s own browser, detected in the page only', async () => {
    for (const [userAgent, words] of [
      [FIREFOX, 'In Firefox, open the menu'],
      [SAMSUNG, 'In Samsung Internet, open the menu'],
    ] as const) {
      const page = await open({ userAgent });
      await page.getByRole('button', { name: 'Start a chat' }).click();
      const advocate = await Advocate.connect(stack);
      await advocate.answer();
      advocate.end();
      await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
      await page.getByText(words).waitFor();
      await page.getByRole('heading', { name: 'Other ways to reach us' }).waitFor();
      advocate.close();
    }
  });
});

describe('the inactivity warning', () => {
  const MINUTE = 60_000;
  let stack: Stack;
  let browser: Browser;
  // The server's timers on a clock the test moves; the sweeps are run by hand.
  let now = Date.now();

  beforeAll(async () => {
    stack = await startStack({ inactivity: { warnAfterMinutes: 10, closeAfterMinutes: 5 } }, () => new Date(now));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('is said in the participant’s language, with the minute it closes, then the chat ends saying it was for silence', async () => {
    const page = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'UTC' })).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Commencer une conversation' }).click();
    const advocate = await Advocate.connect(stack);
    await advocate.answer();
    // Found by a sweep 46 seconds past a minute: the close it names is still a whole minute, never before five minutes.
    now = Math.floor((now + 10 * MINUTE) / MINUTE) * MINUTE + MINUTE + 46_000;
    expect((await stack.server.sweeper.run()).warned).toEqual([advocate.conversationId]);
    const closesAt = Math.ceil((now + 5 * MINUTE) / MINUTE) * MINUTE;
    const time = new Intl.DateTimeFormat('fr', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(closesAt);
    const note = page.locator('#message-note');
    await expect
      .poll(() => note.textContent(), { timeout: 10_000 })
      .toBe(`Rien n’a été écrit depuis un moment. Pour garder la conversation ouverte, envoyez un message avant ${time}.`);
    expect(await note.getAttribute('aria-live')).toBe('polite');

    now = closesAt - 1;
    expect((await stack.server.sweeper.run()).closed).toEqual([]);
    now = closesAt;
    expect((await stack.server.sweeper.run()).closed).toEqual([advocate.conversationId]);
    await page.getByRole('heading', { name: 'La conversation est terminée' }).waitFor();
    await page.getByText('La conversation a été fermée parce qu’aucun message n’est venu de vous pendant 15 minutes.').waitFor();
    await screenshot(page, 'participant-closed-for-silence-fr');
    advocate.close();
  });
});

