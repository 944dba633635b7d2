import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import type { ServiceStatus } from '@lantern/protocol';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, getJson, inviteMember, postJson, setupAdmin, signIn as signInNode } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { activeId, tabTo } from '../support/keyboard';

/**
 * The admin screens under axe (no serious or critical WCAG 2.2 A/AA violation, in light and dark)
 * in each of their states: the status switch asking for confirmation, the hours being edited, the
 * audit log raising its alarm, Staff with a pending member, a confirmation and a deactivated row.
 * And the status switch worked from the keyboard alone.
 */
const PASSWORD = 'a long admin passphrase';

describe('console admin screens: axe and the keyboard', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', PASSWORD);
    const admin = await signInNode(server.url, 'ada', PASSWORD);
    await inviteMember(server.url, admin, 'avery', 'an advocate passphrase');
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'supervisor' }, admin.session.token);
    await acceptInvite(server.url, invite.body.inviteToken, 'sam', 'a supervisor passphrase', 'Sam Supervisor');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const open = async (hash: string, colorScheme: 'light' | 'dark' = 'light') => {
    const page = await (await browser.newContext({ colorScheme })).newPage();
    await page.goto(`${server.url}/staff/${hash}`);
    await signInToConsole(page, 'ada', PASSWORD);
    return page;
  };
  const status = async () => (await getJson<ServiceStatus>(`${server.url}/api/status`)).body;

  it('switches the status and saves it with the keyboard alone', async () => {
    const page = await open('');
    await tabTo(page, { text: 'Program', tag: 'A' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Program', level: 1 }).waitFor();

    // A radio group is one Tab stop; the arrow keys move the choice within it.
    await tabTo(page, { id: 'status-none' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Emergency: service interrupted' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('status-message');
    await page.keyboard.type('Interrupted: please call the hotline.');
    await tabTo(page, { text: 'Save status' });
    await page.keyboard.press('Enter');
    // The confirmation takes focus (after it renders: wait for it, under load that is a moment); Space presses it.
    await page.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Confirm: tell everyone waiting or chatting', undefined, { timeout: 5000 });
    await page.keyboard.press('Space');
    await page.getByText('Saved. Participants now see: Emergency: service interrupted.').waitFor();
    expect(await status()).toMatchObject({ state: 'emergency', message: 'Interrupted: please call the hotline.' });

    // Back to the hours: reopening needs no confirmation.
    await tabTo(page, { id: 'status-emergency' }, 'Shift+Tab');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await tabTo(page, { text: 'Save status' });
    await page.keyboard.press('Enter');
    await page.getByText('Saved. Participants now see: Open.').waitFor();
    expect((await status()).state).toBe('open');

    // The hours switch is a real switch: Space flips it and the week appears.
    await tabTo(page, { id: 'hours-always' });
    await page.keyboard.press('Space');
    await page.getByLabel('Time zone').waitFor();
    await page.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`Program (status, hours, audit) has no serious or critical violation, ${colorScheme}`, async () => {
      const page = await open('#program', colorScheme);
      const found: string[] = [];
      const check = async (state: string) => found.push(...(await seriousViolations(page)).map((v) => `${state}: ${v}`));
      await page.getByRole('table').waitFor();
      await check('loaded');

      await page.getByRole('radio', { name: 'Emergency: service interrupted' }).check();
      await page.getByLabel('Message to participants').fill('Service interrupted.');
      await page.getByRole('button', { name: 'Add an alternative' }).click();
      await page.getByRole('button', { name: 'Save status' }).click();
      await page.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' }).waitFor();
      await check('status confirmation, an empty alternative');
      await page.getByRole('button', { name: 'Remove alternative 2' }).click();
      await page.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' }).click();
      await page.locator('header .service-banner').getByText('Emergency').waitFor();
      await check('emergency banner');

      await page.getByRole('switch', { name: 'Open at all hours' }).uncheck();
      await page.getByRole('button', { name: 'Add hours to Monday' }).click();
      await page.getByRole('button', { name: 'Add a date' }).click();
      await page.getByRole('checkbox', { name: 'Closed all day' }).uncheck();
      await page.getByRole('button', { name: 'Save hours' }).click();
      await page.getByText('Choose a date for each exception, or remove it.').waitFor();
      await check('hours being edited, with an error');

      await sql`update audit_log set detail = '{"x":1}'::jsonb where seq = 2`.execute(ts.store.db);
      await page.getByRole('button', { name: 'Verify again' }).click();
      await page.getByText(/The audit log has been tampered with/).waitFor();
      await check('tampered audit log');
      await screenshot(page, `console-program-a11y-${colorScheme}`);
      expect(found).toEqual([]);

      await sql`update audit_log set detail = '{"username":"ada"}'::jsonb where seq = 2`.execute(ts.store.db);
      const token = (await signInNode(server.url, 'ada', PASSWORD)).session.token;
      await fetch(`${server.url}/api/admin/status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ override: 'none', message: null }),
      });
      await page.close();
    });
  }

  it('Staff has no serious or critical violation: pending grant, confirmation, deactivated member', async () => {
    const page = await open('#staff');
    const found: string[] = [];
    const check = async (state: string) => found.push(...(await seriousViolations(page)).map((v) => `${state}: ${v}`));
    await page.getByRole('button', { name: 'Grant access to Sam Supervisor' }).waitFor();
    await check('a member waiting for a grant');
    await page.getByRole('button', { name: 'Deactivate Avery Advocate', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm: deactivate Avery Advocate' }).waitFor();
    await check('deactivation confirmation');
    await page.getByRole('button', { name: 'Confirm: deactivate Avery Advocate' }).click();
    await page.getByText('New program key fingerprint:').waitFor({ timeout: 30_000 });
    await page.getByRole('row').filter({ hasText: 'avery' }).getByText('Deactivated').waitFor();
    await check('a deactivated member and the new key');
    await screenshot(page, 'console-staff-a11y');
    expect(found).toEqual([]);
    await page.close();
  });
});
