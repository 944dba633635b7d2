import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, postJson, setupAdmin, signIn as signInNode, type StaffKeys } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { passNotice, say } from '../support/participant';

/**
 * An advocate's shift on a laptop screen: two conversations open, a transfer alert shown, and
 * still the newest message and the composer on screen together without scrolling the page.
 */
describe('the console on a laptop screen', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: StaffKeys;
  let averyId = '';
  let avery: Page;
  let blake: Page;
  let first: Page;

  async function member(username: string, displayName: string): Promise<string> {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, username, `${username} passphrase long`, displayName);
    const sealed = await lc.sealPrivateKey(admin.programPrivate.get(1)!, await lc.importPublicKey(joined.body.me.publicKey), lc.programKeyContext(1));
    await postJson(`${server.url}/api/staff/members/${joined.body.me.id}/grants`, { epoch: 1, sealed }, admin.session.token);
    return joined.body.me.id;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${server.url}/staff/`);
    await signInToConsole(page, username, `${username} passphrase long`, { until: page.getByRole('heading', { name: 'Waiting' }) });
  }

  async function startChat(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await passNotice(page);
    return page;
  }

  /** Inside the viewport (and inside `within`, a scrolling box it sits in), whole, with the page itself not scrolled. */
  async function onScreen(page: Page, target: Locator, within?: Locator): Promise<void> {
    const box = await target.boundingBox();
    expect(box, 'element is rendered').not.toBeNull();
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const view = page.viewportSize()!;
    const frame = within ? (await within.boundingBox())! : { x: 0, y: 0, width: view.width, height: view.height };
    expect(box!.y).toBeGreaterThanOrEqual(Math.max(0, frame.y));
    expect(box!.y + box!.height).toBeLessThanOrEqual(Math.min(view.height, frame.y + frame.height));
    expect(box!.x + box!.width).toBeLessThanOrEqual(Math.min(view.width, frame.x + frame.width));
  }

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    // Resume on: a closed page may come back (with it off, closing the page ends the chat at once).
    server = await startServer(ts.store, { participantGoneGraceSeconds: 1, resume: true });
    await setupAdmin(server.url, server.setupToken);
    admin = await signInNode(server.url, 'admin', 'correct horse battery');
    averyId = await member('avery', 'Avery');
    await member('blake', 'Blake');
    browser = await launchChromium();
    avery = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    blake = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('keeps the newest message and the composer in view at 1366×768 and 1280×720', async () => {
    await signIn(avery, 'avery');
    await signIn(blake, 'blake');

    first = await startChat();
    await avery.getByRole('button', { name: 'Answer' }).click();
    await first.getByText(/has joined/).waitFor();
    for (let i = 1; i <= 14; i++) await say(first, `Line ${i} from the first participant`);
    const log = avery.getByRole('log', { name: 'Conversation' });
    await log.getByText('Line 14 from the first participant', { exact: true }).waitFor();

    const second = await startChat();
    await blake.getByRole('button', { name: 'Answer' }).click();
    await second.getByText(/has joined/).waitFor();
    await blake.getByRole('button', { name: 'Transfer…' }).click();
    const picker = blake.getByLabel('Transfer to');
    await picker.locator(`option[value="${averyId}"]`).waitFor({ state: 'attached' });
    await picker.selectOption(averyId);
    await blake.getByRole('button', { name: 'Transfer', exact: true }).click();
    await avery.getByText('Blake transferred a conversation to you.').waitFor();

    // Back in the first conversation, with the alert about the second still shown.
    await avery.getByRole('list', { name: 'Yours' }).getByRole('button').first().click();
    await log.getByText('Line 14 from the first participant', { exact: true }).waitFor();
    await avery.getByText('Blake transferred a conversation to you.').waitFor();
    const cards = avery.getByRole('list', { name: 'Yours' }).getByRole('button');
    expect(await cards.count()).toBe(2);

    // Cards told apart without content: a label of Avery's own (memory only) and the last activity.
    await avery.getByLabel('Your label for this conversation').fill('Tuesday caller');
    await cards.first().getByText('Tuesday caller').waitFor();
    await cards.first().getByText(/last from them/).waitFor();
    expect(await cards.nth(1).textContent()).not.toBe(await cards.first().textContent());
    await avery.getByLabel('Message', { exact: true }).focus();

    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1280, height: 720 },
    ]) {
      await avery.setViewportSize(viewport);
      await avery.evaluate(() => new Promise(requestAnimationFrame));
      await screenshot(avery, `console-layout-${viewport.width}x${viewport.height}`);
      await onScreen(avery, log.getByRole('listitem').last(), log);
      await onScreen(avery, avery.getByLabel('Message', { exact: true }));
      await onScreen(avery, avery.getByRole('button', { name: 'Send' }));
      await onScreen(avery, avery.getByText('Blake transferred a conversation to you.'));
      expect(await avery.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    }
    expect(await seriousViolations(avery)).toEqual([]);
  });

  it('confirms a saved shift end', async () => {
    const inThreeHours = new Date(Date.now() + 3 * 3_600_000);
    const hhmm = `${String(inThreeHours.getHours()).padStart(2, '0')}:${String(inThreeHours.getMinutes()).padStart(2, '0')}`;
    await avery.getByLabel('Shift ends at').fill(hhmm);
    await avery.getByRole('button', { name: 'Save shift end' }).click();
    await avery.getByText(/^Saved: your shift ends at /).waitFor();
  });

  it('says when the participant’s page closed, and after the grace offers to end', async () => {
    await first.close();
    const line = avery.getByRole('status').filter({ hasText: 'The participant’s page closed' });
    await line.getByText(/they may come back/).waitFor();
    await line.getByRole('button', { name: 'End conversation…' }).click({ timeout: 30_000 });
    await avery.getByRole('button', { name: 'Confirm end' }).waitFor();
    await avery.getByRole('button', { name: 'Keep it open' }).click();
  });

  it('opens the canned picker without widening the page', async () => {
    await avery.setViewportSize({ width: 1280, height: 900 });
    const composer = avery.getByLabel('Message', { exact: true });
    await composer.fill('');
    await composer.press('/');
    await avery.getByRole('option').first().waitFor();
    expect(await avery.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await onScreen(avery, avery.getByRole('combobox', { name: 'Search canned messages' }));
    await avery.keyboard.press('Escape');
  });
});
