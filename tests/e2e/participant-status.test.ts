import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { buildApp } from '../../apps/server/src/app';
import { localBus } from '../../apps/server/src/bus/local';
import { createLogger } from '../../apps/server/src/log';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { postJson, setupAdmin, signIn } from '../../apps/server/test/support/clients';
import { testConfig } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { startChat } from '../support/participant';

/**
 * Issue 4, acceptance 1 (the participant page's part): outside the hours, or while the emergency
 * switch is on, the page says so instead of offering to start, with the next opening in the
 * participant's own language and time zone and the program's other ways to reach it; a switch
 * during a chat shows an alert above it without ending it.
 */
const HOTLINE = { label: 'Hotline', value: '1-800-555-0100' };
const WEEKDAYS = { timeZone: 'America/Toronto', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])), exceptions: {} };
// Saturday 10:00 in Toronto: closed until Monday 30 November, 09:00 EST (14:00 UTC).
const SATURDAY = new Date('2026-11-28T15:00:00Z').getTime();
// Monday 10:00 in Toronto: open.
const MONDAY = new Date('2026-11-30T15:00:00Z').getTime();

describe('the line’s status on the participant page', () => {
  let ts: TestStore;
  let browser: Browser;
  let close: () => Promise<void>;
  let url = '';
  let adminToken = '';
  let now = SATURDAY;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    const bus = localBus();
    // The real app, serving the built page, on a clock the test moves.
    const { app, accounts } = await buildApp({ config: testConfig({ alternatives: [HOTLINE] }), store: ts.store, bus, logger: createLogger('silent'), clock: () => new Date(now) });
    await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = async () => {
      await app.close();
      await bus.close();
    };
    await setupAdmin(url, (await accounts.prepareSetup('Test'))!);
    adminToken = (await signIn(url, 'admin', 'correct horse battery')).session.token;
    expect((await put('/api/admin/hours', { hours: WEEKDAYS })).status).toBe(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await ts?.dispose();
  });

  const put = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });

  /** The page as served: the status is in it, so the page asks for it only at "Start a chat". */
  const open = async (locale: string, timezoneId: string) => {
    const page = await (await browser.newContext({ locale, timezoneId })).newPage();
    await page.route('**/api/status', (route) => route.abort());
    await page.goto(`${url}/`);
    return page;
  };
  /** The page as something other than this server might serve it: without the status in it. */
  const withoutInlineStatus = async (page: Page) => {
    await page.route(`${url}/`, async (route) => {
      const response = await route.fetch();
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !['content-encoding', 'content-length'].includes(name)));
      const body = (await response.text()).replace(/<script type="application\/json" id="line-status">.*?<\/script>/, '');
      await route.fulfill({ response, headers, body });
    });
  };
  const main = (page: Page) => page.locator('#app');

  it('reads the status afresh at "Start a chat": a page opened before an emergency switch shows the program’s message and current alternatives', async () => {
    now = MONDAY;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
    const storm = { label: 'Storm line', value: '1-800-555-0199' };
    expect((await put('/api/admin/status', { override: 'emergency', message: 'We stopped for the storm: call the storm line.', alternatives: [storm] })).status).toBe(200);
    try {
      await page.getByRole('button', { name: 'Start a chat' }).click();
      await page.getByText('We stopped for the storm: call the storm line.').waitFor();
      await page.getByText('Storm line:').waitFor();
      expect(await page.getByText('Hotline:').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    } finally {
      expect((await put('/api/admin/status', { override: 'none', message: null, alternatives: [HOTLINE] })).status).toBe(200);
      now = SATURDAY;
      await page.context().close();
    }
  });

  it('a page reloaded outside the hours (RESUME off) says what a reload does, with the alternatives of now, and offers no chat the line cannot take', async () => {
    now = SATURDAY;
    const storm = { label: 'Storm line', value: '1-800-555-0199' };
    expect((await put('/api/admin/status', { override: 'none', message: null, alternatives: [storm] })).status).toBe(200);
    const page = await open('en-US', 'America/Toronto');
    try {
      await page.getByRole('heading', { name: 'Chat is closed right now', level: 1 }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'If you were chatting, that chat has ended' }).waitFor();
      await page.getByText('Storm line:').waitFor();
      expect(await page.getByText('Hotline:').count()).toBe(0);
      // Starting again goes where the line is: closed, with when it opens, not a chat the server would refuse.
      await page.getByRole('button', { name: 'Start a chat' }).click();
      await page.getByRole('heading', { name: 'Chat is closed right now', level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    } finally {
      expect((await put('/api/admin/status', { override: 'none', message: null, alternatives: [HOTLINE] })).status).toBe(200);
      await page.context().close();
    }
  });

  it('outside the hours shows when it opens, in the participant’s time zone, and the alternatives, with no start button', async () => {
    now = SATURDAY;
    const page = await open('en-US', 'America/Toronto');
    await page.getByRole('heading', { name: 'Chat is closed right now', level: 1 }).waitFor();
    await page.getByText('Chat opens again on Monday, November 30 at 9:00 AM (your local time).').waitFor();
    await page.getByRole('heading', { name: 'Other ways to reach us' }).waitFor();
    expect(await page.getByRole('link', { name: '1-800-555-0100' }).getAttribute('href')).toBe('tel:18005550100');
    expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Exit' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-closed-start-en');
    // Reflows to 320 CSS pixels without sideways scrolling.
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // The server refuses a start all the same.
    const key = await lc.exportPublicKey((await lc.generateKeyPair()).publicKey);
    expect((await postJson(`${url}/api/conversations`, { participantKey: key })).status).toBe(503);
  });

  it('says the same in French, in the browser’s own time zone', async () => {
    now = SATURDAY;
    const page = await open('fr-FR', 'Europe/Paris');
    await page.getByRole('heading', { name: 'La conversation est fermée pour le moment', level: 1 }).waitFor();
    // 09:00 in Toronto is 15:00 in Paris.
    expect(await main(page).textContent()).toContain('La conversation rouvre le lundi 30 novembre à 15:00 (heure locale).');
    await page.getByRole('heading', { name: 'Autres façons de nous joindre' }).waitFor();
    expect(await page.getByRole('button', { name: 'Commencer une conversation' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Quitter' }).waitFor();
    await screenshot(page, 'participant-closed-start-fr');
  });

  it('and in Arabic, right to left, switching language on the closed screen', async () => {
    now = SATURDAY;
    const page = await open('ar-EG', 'America/Toronto');
    await page.getByRole('heading', { name: 'المحادثة مغلقة الآن', level: 1 }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction])).toEqual(['ar', 'rtl', 'rtl']);
    const text = (await main(page).textContent())!;
    expect(text).toContain('تُفتح المحادثة مجددًا يوم الاثنين');
    expect(text).toContain(new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Toronto' }).format(new Date('2026-11-30T14:00:00Z')));
    await page.getByRole('heading', { name: 'طرق أخرى للتواصل معنا' }).waitFor();
    expect(await page.getByRole('button', { name: 'ابدأ محادثة' }).count()).toBe(0);
    const exit = (await page.getByRole('button', { name: 'خروج' }).boundingBox())!;
    expect(exit.x).toBeLessThan(100);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-closed-start-ar');

    await page.getByLabel('اللغة').selectOption('en');
    await page.getByRole('heading', { name: 'Chat is closed right now', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('language');
  });

  it('while the emergency switch is on, says the chat is interrupted, with the program’s message', async () => {
    now = MONDAY;
    expect((await put('/api/admin/status', { override: 'emergency', message: 'Service interrupted: please call the hotline.' })).status).toBe(200);
    try {
      const page = await open('en-US', 'America/Toronto');
      await page.getByRole('heading', { name: 'Chat is interrupted', level: 1 }).waitFor();
      await page.getByText('Service interrupted: please call the hotline.').waitFor();
      await page.getByRole('heading', { name: 'Other ways to reach us' }).waitFor();
      expect(await page.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    } finally {
      expect((await put('/api/admin/status', { override: 'none', message: null })).status).toBe(200);
    }
  });

  it('asks /api/status, without cookies, when the page carries no status', async () => {
    now = SATURDAY;
    const page = await (await browser.newContext({ locale: 'en-US', timezoneId: 'America/Toronto' })).newPage();
    await withoutInlineStatus(page);
    const asked = page.waitForRequest(`${url}/api/status`);
    await page.goto(`${url}/`);
    const request = await asked;
    expect(request.method()).toBe('GET');
    expect(await request.headerValue('cookie')).toBeNull();
    await page.getByRole('heading', { name: 'Chat is closed right now', level: 1 }).waitFor();
  });

  it('offers the start button when the status cannot be read', async () => {
    now = MONDAY;
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await withoutInlineStatus(page);
    await page.route('**/api/status', (route) => route.abort());
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).waitFor();
  });

  it('during a chat, an emergency shows an alert above it within 2 s, and it goes when the switch is off', async () => {
    now = MONDAY;
    const page = await open('en-US', 'America/Toronto');
    await startChat(page);
    const banner = page.getByRole('alert');
    expect(await banner.count()).toBe(0);

    const switched = Date.now();
    expect((await put('/api/admin/status', { override: 'emergency', message: 'We must stop for a while: call the hotline.' })).status).toBe(200);
    await banner.getByText('We must stop for a while: call the hotline.').waitFor({ timeout: 2000 });
    expect(Date.now() - switched).toBeLessThan(2000);
    await banner.getByText('The chat service is interrupted. This chat stays open for now').waitFor();
    await banner.getByRole('heading', { name: 'Other ways to reach us' }).waitFor();
    // Above the conversation, and the chat goes on.
    const [bannerBox, logBox] = [(await banner.boundingBox())!, (await page.getByRole('log').boundingBox())!];
    expect(bannerBox.y + bannerBox.height).toBeLessThanOrEqual(logBox.y);
    await page.getByLabel('Message', { exact: true }).waitFor();
    await page.getByText(/Waiting for an advocate/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-status-banner-en');

    expect((await put('/api/admin/status', { override: 'none', message: null })).status).toBe(200);
    await banner.waitFor({ state: 'detached', timeout: 2000 });
    await page.getByLabel('Message', { exact: true }).waitFor();
  });
});
