/**
 * The participant's side of the main flows, written once against tests/support/engines.ts and run
 * in every engine by tests/e2e/engines/*.test.ts. Whatever the crypto inside the page, these are
 * what a participant does and sees; the advocate answers from Node (support/participant.ts). The
 * last scenario gives the engine a profile of its own and searches it after the chat.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lc from '@lantern/crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchEngine, type Engine, type EngineName, type EnginePage, type EngineSurface } from './engines';
import { loadFixtures } from './fixtures';
import { Advocate, CHAT_DIST, startSite, startStack, waitUntilErased, type Site, type Stack } from './participant';
import { describeHits, randomMarker, sweepProfile, type Needle } from './profile-sweep';

const WAIT_MS = 15_000;

/** Polls `fn` in the page until it returns true (a boolean: engines differ in how they return a node); a navigation in between is no failure. */
export async function waitFor<A>(page: EngineSurface, what: string, fn: (arg: A) => boolean, arg?: A): Promise<void> {
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

export const bodyText = (page: EngineSurface) => page.evaluate(() => document.body.innerText);

/** Waits for a button whose text is exactly `name`, then clicks it as a person would. */
export async function clickButton(page: EngineSurface, name: string): Promise<void> {
  const marker = `b${Math.random().toString(36).slice(2)}`;
  await waitFor(
    page,
    `a "${name}" button`,
    ({ name, marker }) => {
      const button = Array.from(document.querySelectorAll('button, a.exit')).find((b) => b.textContent!.trim() === name && !(b as HTMLButtonElement).disabled);
      button?.setAttribute('data-test-target', marker);
      // Into view first, as a person scrolls to it: WebKitWebDriver does not always scroll inside a frame.
      button?.scrollIntoView({ block: 'nearest' });
      return !!button;
    },
    { name, marker },
  );
  await page.click(`[data-test-target="${marker}"]`);
}

export const sees = (page: EngineSurface, text: string) =>
  waitFor(page, `"${text}" in the conversation`, (text) => Array.from(document.querySelectorAll('[role="log"] *')).some((e) => e.textContent === text), text);

async function say(page: EngineSurface, text: string): Promise<void> {
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
    /** The program's own website, on another loopback address: another origin and another site. */
    let host: Site;
    const hostPages: Record<string, { type?: string; body: string }> = {};
    /** The program key's fingerprint, as the console gives it for the launcher's data-key. */
    let fingerprint: string;
    let engine: Engine;
    let page: EnginePage;
    let advocate: Advocate | undefined;

    beforeAll(async () => {
      host = await startSite(hostPages, '127.0.0.2');
      [stack, engine] = await Promise.all([startStack({ languages: ['en', 'ar'], embedOrigins: [host.url] }), launchEngine(engineName)]);
      const programKey = stack.staff.session.me.programKeys.find((k) => k.epoch === 1)!.publicKey;
      fingerprint = (await lc.fingerprint(programKey)).replace(/ /g, '');
      const launcher = await readFile(new URL('launcher.js', CHAT_DIST), 'utf8');
      hostPages['/js/chat-launcher.js'] = { type: 'text/javascript', body: launcher };
      const hostPage = (key: string) => ({
        body: `<!doctype html><html lang="en"><title>Community Centre</title><h1>Community Centre</h1><p>Opening hours.</p>
<script src="/js/chat-launcher.js" data-chat="${stack.server.url}/" data-key="${key}" data-label="Talk to someone" data-title="Chat" defer></script></html>`,
      });
      hostPages['/'] = hostPage(fingerprint);
      // A host that swapped the program key would also have to change the pin its own site gives.
      hostPages['/other-key'] = hostPage((await lc.fingerprint(await lc.exportPublicKey((await lc.generateKeyPair()).publicKey))).replace(/ /g, ''));
    });

    afterAll(async () => {
      await engine?.close();
      await stack?.close();
      await host?.close();
    });

    /** "Start a chat", "I understand", then the safety answer, on the page or in the launcher's panel; the advocate answers. */
    async function startIn(surface: EngineSurface, safe: 'Yes' | 'No', on: Stack = stack): Promise<string> {
      await clickButton(surface, 'Start a chat');
      await waitFor(surface, 'the waiting notice', () => document.body.innerText.includes('Waiting for an advocate'));
      await clickButton(surface, 'I understand');
      await clickButton(surface, safe);
      advocate = await Advocate.connect(on);
      return advocate.answer();
    }

    /** The same from the chat page's address. */
    async function startAndPass(safe: 'Yes' | 'No', on: Stack = stack): Promise<string> {
      await page.goto(`${on.server.url}/`);
      return startIn(page, safe, on);
    }

    describe('a fresh context for each', () => {
      beforeEach(async () => {
        page = await engine.newPage();
      });

      afterEach(async () => {
        advocate?.close();
        advocate = undefined;
        await page?.close();
      });

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

      describe('with resume on', () => {
        let resuming: Stack;

        beforeAll(async () => {
          resuming = await startStack({ resume: true });
        });

        afterAll(async () => {
          await resuming?.close();
        });

        it('keeps the chat across a reload, and forgets it when the participant ends the chat', async () => {
          await page.goto(`${resuming.server.url}/`);
          await waitFor(page, 'the resume note', () => document.body.innerText.includes('If this page reloads, the chat carries on'));
          const conversationId = await startIn(page, 'Yes', resuming);
          await say(page, `before the reload in ${engineName}`);
          await advocate!.hears(`before the reload in ${engineName}`);
          await advocate!.say('I can see it');
          await sees(page, 'I can see it');

          await page.reload();
          await sees(page, `before the reload in ${engineName}`);
          await sees(page, 'I can see it');
          expect(await bodyText(page)).not.toContain('Start a chat');
          // The rights notice again (the reload may have come before "I understand"), then the composer.
          await clickButton(page, 'I understand');
          await say(page, `after the reload in ${engineName}`);
          await advocate!.hears(`after the reload in ${engineName}`);
          await advocate!.say('Still here');
          await sees(page, 'Still here');

          await clickButton(page, 'End chat');
          await clickButton(page, 'Yes, end the chat');
          await waitFor(page, 'the closing screen', () => document.querySelector('h1')?.textContent === 'This chat has ended');
          expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
          await waitUntilErased(resuming, conversationId);
          // A reload now starts afresh.
          await page.reload();
          await clickButton(page, 'Start a chat');
          await waitFor(page, 'a new chat waiting', () => document.body.innerText.includes('Waiting for an advocate'));
        });
      });

      it('opens from the launcher on the program’s own site, pinned to the program key, and chats there', async () => {
        await page.goto(`${host.url}/`);
        await clickButton(page, 'Talk to someone');
        // The launcher carries the pin in the fragment, which the chat page reads and takes out of its address.
        expect(await page.evaluate(() => document.querySelector('iframe')!.src)).toBe(`${stack.server.url}/#key=${fingerprint}`);
        const chat = await page.frame('iframe[title="Chat"]');
        const conversationId = await startIn(chat, 'Yes');
        expect(await chat.evaluate(() => location.hash)).toBe('');
        await waitFor(chat, 'the advocate joining', () => /has joined/.test(document.body.innerText));
        await say(chat, `hello from the ${engineName} panel`);
        await advocate!.hears(`hello from the ${engineName} panel`);
        await advocate!.say(arabic);
        await sees(chat, arabic);
        await page.screenshot(`engine-${engineName}-launcher`);
        // Quick exit in the panel takes the whole tab to the neutral site and ends the chat.
        await clickButton(chat, 'Exit');
        await waitForUrl(page, stack.exitUrl);
        await waitUntilErased(stack, conversationId);
      });

      it('refuses to start from a launcher whose pin is not the program key', async () => {
        await page.goto(`${host.url}/other-key`);
        await clickButton(page, 'Talk to someone');
        const chat = await page.frame('iframe[title="Chat"]');
        await clickButton(chat, 'Start a chat');
        await waitFor(chat, 'the refusal', () => document.body.innerText.includes('does not match the one on our website'));
        expect(await chat.evaluate(() => !!document.getElementById('message'))).toBe(false);
      });
    });

    describe('forensic sweep of its profile', () => {
      /**
       * A chat in `surface` with a random marker in each of Latin, Arabic and Chinese script both
       * ways, ended by the participant; returns what of it must not be left on disk.
       */
      async function chatToForget(surface: EngineSurface, label: string): Promise<Needle[]> {
        const markers = (['latin', 'arabic', 'han'] as const).flatMap((script) => [randomMarker(script), randomMarker(script)]);
        const sentences = [sentence('en'), sentence('es'), arabic, sentence('fa'), sentence('zh'), sentence('zh')];
        const texts = markers.map((marker, i) => `${sentences[i]} ${marker}`);
        const conversationId = await startIn(surface, 'Yes');
        await waitFor(surface, 'the advocate joining', () => /has joined/.test(document.body.innerText));
        for (let i = 0; i < texts.length; i += 2) {
          await say(surface, texts[i]!);
          await advocate!.hears(texts[i]!);
          await advocate!.say(texts[i + 1]!);
          await sees(surface, texts[i + 1]!);
        }
        await clickButton(surface, 'End chat');
        await clickButton(surface, 'Yes, end the chat');
        await waitFor(surface, 'the closing screen', () => document.querySelector('h1')?.textContent === 'This chat has ended');
        await waitUntilErased(stack, conversationId);
        advocate!.close();
        advocate = undefined;
        return [
          ...texts.map((text, i) => ({ name: `${label}: message ${i + 1}`, text })),
          ...markers.map((text, i) => ({ name: `${label}: marker ${i + 1}`, text, marker: true })),
          { name: `${label}: conversation id`, text: conversationId },
        ];
      }

      it(
        'finds nothing of a chat on the page or in the launcher’s panel once it ended and the browser closed, and finds what the test planted in localStorage and IndexedDB',
        { timeout: 180_000 },
        async () => {
          // The control: written into the chat origin's storage by the test, as a page that kept something would.
          const planted = { local: randomMarker('latin'), localHan: randomMarker('han'), indexed: randomMarker('arabic') };
          const profile = await mkdtemp(join(tmpdir(), `lantern-${engineName}-profile-`));
          let profiled: Engine | undefined = await launchEngine(engineName, { profile });
          try {
            const tab = await profiled.newPage();
            await tab.goto(`${stack.server.url}/`);
            await waitFor(tab, 'the start screen', () => document.body.innerText.includes('Start a chat'));
            await tab.evaluate(
              ({ local, localHan, indexed }) =>
                new Promise<boolean>((resolve, reject) => {
                  localStorage.setItem('control', `${local} ${localHan}`);
                  const open = indexedDB.open('control', 1);
                  open.onupgradeneeded = () => open.result.createObjectStore('kept');
                  open.onerror = () => reject(open.error);
                  open.onsuccess = () => {
                    const write = open.result.transaction('kept', 'readwrite');
                    write.objectStore('kept').put(indexed, 'marker');
                    write.oncomplete = () => (open.result.close(), resolve(true));
                    write.onerror = () => reject(write.error);
                  };
                }),
              planted,
            );
            const onPage = await chatToForget(tab, 'page');
            // Then from the program's site, whose launcher carries the program key's fingerprint in the panel's address.
            await tab.goto(`${host.url}/`);
            await clickButton(tab, 'Talk to someone');
            const inPanel = await chatToForget(await tab.frame('iframe[title="Chat"]'), 'panel');
            // Quit with the tab still open, as a person closing the browser would: what it saves for the session is on disk too.
            await profiled.close();
            profiled = undefined;

            const controls: Needle[] = Object.entries(planted).map(([name, text]) => ({ name: `planted ${name}`, text, marker: true }));
            const hits = await sweepProfile(profile, [...controls, ...onPage, ...inPanel, { name: 'the fragment key', text: fingerprint }]);
            // The sweep sees the engine's storage: every planted marker is found.
            const plantedIn = [...new Set(hits.filter((h) => h.needle.startsWith('planted')).map((h) => `${h.path.slice(profile.length + 1)} (${h.needle})`))];
            console.log(`${engineName}: planted markers found in ${plantedIn.join(', ')}`);
            for (const control of controls) expect(hits.filter((h) => h.needle === control.name).length, `${control.name} found in the profile`).toBeGreaterThan(0);
            expect(describeHits(hits.filter((h) => !h.needle.startsWith('planted')))).toEqual([]);
          } finally {
            advocate?.close();
            advocate = undefined;
            await profiled?.close();
            await rm(profile, { recursive: true, force: true });
          }
        },
      );
    });
  });
}
