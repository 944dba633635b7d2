/**
 * The participant's side of the main flows, written once against tests/support/engines.ts and run
 * in every engine by tests/e2e/engines/*.test.ts. Whatever the crypto inside the page, these are
 * what a participant does and sees; the advocate answers from Node (support/participant.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchEngine, type Engine, type EngineName, type EnginePage } from './engines';
import { loadFixtures } from './fixtures';
import { Advocate, startStack, waitUntilErased, type Stack } from './participant';

const WAIT_MS = 15_000;

/** Polls `fn` in the page until it returns true (a boolean: engines differ in how they return a node); a navigation in between is no failure. */
export async function waitFor<A>(page: EnginePage, what: string, fn: (arg: A) => boolean, arg?: A): Promise<void> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    if (await page.evaluate(fn, arg).catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; page shows: ${await bodyText(page).catch(() => '?')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitForUrl(page: EnginePage, url: string): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while ((await page.url().catch(() => '')) !== url) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${url}; at ${await page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const bodyText = (page: EnginePage) => page.evaluate(() => document.body.innerText);

/** Waits for a button whose text is exactly `name`, then clicks it as a person would. */
export async function clickButton(page: EnginePage, name: string): Promise<void> {
  const marker = `b${Math.random().toString(36).slice(2)}`;
  await waitFor(
    page,
    `a "${name}" button`,
    ({ name, marker }) => {
      const button = Array.from(document.querySelectorAll('button, a.exit')).find((b) => b.textContent!.trim() === name && !(b as HTMLButtonElement).disabled);
      button?.setAttribute('data-test-target', marker);
      return !!button;
    },
    { name, marker },
  );
  await page.click(`[data-test-target="${marker}"]`);
}

export const sees = (page: EnginePage, text: string) =>
  waitFor(page, `"${text}" in the conversation`, (text) => Array.from(document.querySelectorAll('[role="log"] *')).some((e) => e.textContent === text), text);

async function say(page: EnginePage, text: string): Promise<void> {
  await waitFor(page, 'the composer to open', () => (document.getElementById('message') as HTMLTextAreaElement | null)?.disabled === false);
  await page.type('#message', text);
  await page.press('Enter');
  await waitFor(page, `"${text}" sent`, (text) => Array.from(document.querySelectorAll('.msg.mine:not(.pending) *')).some((e) => e.textContent === text), text.normalize('NFC'));
}

/**
 * Whether `text`, drawn in the page's own font stack, comes out as glyphs: not as the same box a
 * character no font has (U+FFFF) gets and, for emoji, in colour (a missing-glyph box is drawn in
 * the ink colour only). Screenshots of the page are only worth looking at when this holds.
 */
function drawsGlyphs({ text, emoji }: { text: string; emoji: boolean }): boolean {
  const font = `32px ${getComputedStyle(document.body).fontFamily}`;
  const draw = (s: string) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d')!;
    g.font = font;
    g.fillStyle = '#000';
    g.fillText(s, 8, 36);
    return Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data);
  };
  const missing = draw('\uFFFF').join();
  return Array.from(text).every((c) => {
    const pixels = draw(c);
    if (pixels.join() === missing) return false;
    if (!emoji) return true;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && (pixels[i] !== pixels[i + 1] || pixels[i + 1] !== pixels[i + 2])) return true;
    return false;
  });
}

export function participantSuite(engineName: EngineName): void {
  const fixtures = loadFixtures();
  const sentence = (lang: string) => fixtures.messages.find((m) => m.lang === lang)!.text;
  const arabic = sentence('ar');

  describe(`the participant page in ${engineName}`, () => {
    let stack: Stack;
    let engine: Engine;
    let page: EnginePage;
    let advocate: Advocate | undefined;

    beforeAll(async () => {
      [stack, engine] = await Promise.all([startStack({ languages: ['en', 'ar'] }), launchEngine(engineName)]);
    });

    afterAll(async () => {
      await engine?.close();
      await stack?.close();
    });

    beforeEach(async () => {
      page = await engine.newPage();
    });

    afterEach(async () => {
      advocate?.close();
      advocate = undefined;
      await page?.close();
    });

    /** Start, "I understand", then the safety answer; the advocate answers. */
    async function startAndPass(safe: 'Yes' | 'No'): Promise<string> {
      await page.goto(`${stack.server.url}/`);
      await clickButton(page, 'Start a chat');
      await waitFor(page, 'the waiting notice', () => document.body.innerText.includes('Waiting for an advocate'));
      await clickButton(page, 'I understand');
      await clickButton(page, safe);
      advocate = await Advocate.connect(stack);
      return advocate.answer();
    }

    it('starts a chat: the rights notice, "Yes", messages both ways, the closing screen', async () => {
      await page.goto(`${stack.server.url}/`);
      await waitFor(page, 'the start screen with its Exit', () => !!document.querySelector('#top .exit') && document.body.innerText.includes('Start a chat'));
      await page.screenshot(`engine-${engineName}-start`);
      await startAndPass('Yes');
      await waitFor(page, 'the advocate joining', () => /has joined/.test(document.body.innerText));
      await say(page, `hello from ${engineName}`);
      await advocate!.hears(`hello from ${engineName}`);
      await advocate!.say('We are here for you.');
      await sees(page, 'We are here for you.');
      // Chinese and emoji (the machine's fonts: fonts-noto-cjk, fonts-noto-color-emoji).
      await advocate!.say(sentence('zh'));
      await advocate!.say(sentence('emoji'));
      await sees(page, sentence('emoji'));
      expect(await page.evaluate(drawsGlyphs, { text: '灯笼哨兵', emoji: false }), 'Chinese drawn as glyphs').toBe(true);
      expect(await page.evaluate(drawsGlyphs, { text: '🙏👧🩹', emoji: true }), 'emoji drawn in colour').toBe(true);
      await page.screenshot(`engine-${engineName}-chat`);
      advocate!.end();
      await waitFor(page, 'the closing screen', () => document.querySelector('h1')?.textContent === 'This chat has ended');
      expect(await bodyText(page)).toContain('Other ways to reach us');
    });

    it('answers "No" to the safety question: safer ways, a way out, and the chat if they choose', async () => {
      await startAndPass('No');
      await waitFor(page, 'the safer ways', () => document.querySelector('#prechat-h')?.textContent === 'Safer ways to reach us');
      const shown = await bodyText(page);
      expect(shown).toContain('1-800-555-0100');
      expect(await page.evaluate(() => Array.from(document.querySelectorAll('.prechat button')).map((b) => b.textContent))).toEqual(['Exit', 'Continue here']);
      await clickButton(page, 'Continue here');
      await say(page, 'continuing here');
      await advocate!.hears('continuing here');
    });

    it('turns right to left in Arabic and carries Arabic both ways', async () => {
      await page.goto(`${stack.server.url}/`);
      await waitFor(page, 'the language picker', () => !!document.getElementById('language'));
      await page.evaluate(() => {
        const picker = document.getElementById('language') as HTMLSelectElement;
        picker.value = 'ar';
        picker.dispatchEvent(new Event('change'));
      });
      await waitFor(page, 'the page in Arabic', () => document.documentElement.dir === 'rtl' && getComputedStyle(document.body).direction === 'rtl');
      await page.screenshot(`engine-${engineName}-start-ar`);
      await clickButton(page, 'ابدأ محادثة');
      await clickButton(page, 'فهمت');
      await clickButton(page, 'نعم');
      advocate = await Advocate.connect(stack);
      await advocate.answer();
      await say(page, arabic);
      await advocate.hears(arabic);
      await advocate.say(arabic + ' 2');
      await sees(page, arabic + ' 2');
      const direction = await page.evaluate((text) => {
        const shown = Array.from(document.querySelectorAll('[role="log"] *')).find((e) => e.textContent === text)!;
        return getComputedStyle(shown).direction;
      }, arabic + ' 2');
      expect(direction).toBe('rtl');
      await page.screenshot(`engine-${engineName}-chat-ar`);
    });

    /** From the neutral site into a chat, with data of this origin stored, then out by `leave`. */
    async function leaveChat(leave: () => Promise<void>): Promise<void> {
      await page.goto(`${stack.neutral.url}/news`);
      const conversationId = await startAndPass('Yes');
      await waitFor(page, 'the advocate joining', () => /has joined/.test(document.body.innerText));
      // What a page of this origin might have left: quick exit's /bye must clear it in every engine.
      await page.evaluate(() => {
        localStorage.setItem('probe', 'left behind');
        sessionStorage.setItem('probe', 'left behind');
        document.cookie = 'probe=left-behind; path=/';
      });
      await leave();
      await waitForUrl(page, stack.exitUrl);
      expect(await page.evaluate(() => document.title)).toBe('Weather');
      await waitUntilErased(stack, conversationId);
      // Back skips the chat: its entry was replaced on the way out.
      // The navigation may tear down the page before evaluate answers; the URL says where it went.
      await page.evaluate(() => history.back()).catch(() => undefined);
      await waitForUrl(page, `${stack.neutral.url}/news`);
      await page.goto(`${stack.server.url}/bye-probe`);
      expect(await page.evaluate(() => [localStorage.getItem('probe'), sessionStorage.getItem('probe'), document.cookie])).toEqual([null, null, '']);
    }

    it('leaves by the Exit button: the neutral site, the chat ended, the site data cleared, Back skips it', async () => {
      await leaveChat(() => clickButton(page, 'Exit'));
    });

    it('leaves by Shift pressed three times, the same way', async () => {
      await leaveChat(async () => {
        // Each press shows what is left, on the screen and not only to screen readers.
        const countdown = () =>
          Array.from(document.querySelectorAll('#top *'))
            .filter((e) => e.children.length === 0 && (e as HTMLElement).offsetWidth > 0 && getComputedStyle(e).visibility === 'visible')
            .map((e) => e.textContent)
            .join('|');
        await page.press('Shift');
        expect(await page.evaluate(countdown)).toBe('Press Shift 2 more times to leave this page.|Exit');
        await page.press('Shift');
        expect(await page.evaluate(countdown)).toBe('Press Shift 1 more time to leave this page.|Exit');
        await page.press('Shift');
      });
    });
  });
}
