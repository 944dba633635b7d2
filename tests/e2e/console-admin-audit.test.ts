import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { setupAdmin, signIn as signInNode } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/**
 * The audit log in the console: entries in plain words with the member's name, and a loud alert
 * naming the first entry that fails the hash chain once someone edits a row in the database.
 */
describe('console: the audit log', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase'); // entry 1
    await signInNode(server.url, 'ada', 'a long admin passphrase'); // entry 2
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    await admin.goto(`${server.url}/staff/`);
    // Entry 3: a failed sign-in; entry 4: the right one.
    await signInToConsole(admin, 'ada', 'a wrong passphrase', { until: admin.getByText('Wrong username, password or code.') });
    await signInToConsole(admin, 'ada', 'a long admin passphrase', { until: admin.getByRole('link', { name: 'Staff' }) });
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByRole('button', { name: 'Create invite link' }).click(); // entry 5
    await admin.getByLabel('Invite link').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const audit = () => admin.getByRole('region', { name: 'Audit log' });
  const row = (entry: number) => audit().getByRole('row').filter({ has: admin.getByRole('cell', { name: String(entry), exact: true }) });

  it('lists sign-ins and invites in plain words, newest first, with who did them', async () => {
    await admin.getByRole('link', { name: 'Program' }).click();
    await audit().getByRole('table').waitFor();
    await audit().getByText('all 5 entries are intact').waitFor();
    const cells = async (entry: number) => (await row(entry).getByRole('cell').allTextContents()).map((t) => t.trim());

    expect((await cells(1)).slice(2)).toEqual(['Ada Admin', 'Set up the program', 'As ada']);
    expect((await cells(2)).slice(2)).toEqual(['Ada Admin', 'Signed in', 'As ada']);
    expect((await cells(3)).slice(2)).toEqual(['Ada Admin', 'Failed sign-in', 'Username tried: ada']);
    expect((await cells(4)).slice(2)).toEqual(['Ada Admin', 'Signed in', 'As ada']);
    const invite = await cells(5);
    expect(invite.slice(2, 4)).toEqual(['Ada Admin', 'Created an invite link']);
    expect(invite[4]).toMatch(/^Advocate, usable until /);

    const order = await audit().getByRole('row').allTextContents();
    expect(order[1]).toMatch(/^5/);
    expect(order.at(-1)).toMatch(/^1/);
    expect(await audit().getByRole('alert').count()).toBe(0);
  });

  it('shows a loud alert naming entry 2 once its row was changed in the database', async () => {
    await sql`update audit_log set detail = '{"x":1}'::jsonb where seq = 2`.execute(ts.store.db);
    await audit().getByRole('button', { name: 'Verify again' }).click();
    const alert = audit().getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.tamper-title').textContent()).toBe('The audit log has been tampered with: entry 2: its contents were changed.');
    // At the top of the section, right under its heading, and focused so a screen reader starts there.
    const first = await audit().evaluate((section) => section.children[1]?.getAttribute('role'));
    expect(first).toBe('alert');
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await row(2).getByText('Fails verification').waitFor();
    expect(await audit().getByText(/entries are intact/).count()).toBe(0);
    await screenshot(admin, 'console-audit-tampered');
  });

  it('names a removed entry too', async () => {
    await sql`delete from audit_log where seq = 4`.execute(ts.store.db);
    await audit().getByRole('button', { name: 'Verify again' }).click();
    await audit().getByRole('alert').getByText('The audit log has been tampered with: entry 2: its contents were changed.').waitFor();
    // The first break is still entry 2: the chain is read from the start.
    await sql`update audit_log set detail = '{"username":"ada"}'::jsonb where seq = 2`.execute(ts.store.db);
    await audit().getByRole('button', { name: 'Verify again' }).click();
    await audit().getByRole('alert').getByText(/^The audit log has been tampered with: entry 5: entry 4 is missing\.$/).waitFor();
  });
});
