import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, setupAdmin } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { seriousViolations } from '../support/axe';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/** The Staff screen lists invite links nobody has used yet, until when each works, and withdraws one. */
describe('console: pending invite links', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase');
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    await admin.goto(`${server.url}/staff/`);
    await signInToConsole(admin, 'ada', 'a long admin passphrase', { until: admin.getByRole('link', { name: 'Staff' }) });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('lists the links made, and a withdrawn one no longer opens an account', async () => {
    await admin.getByRole('link', { name: 'Staff' }).click();
    const pending = admin.getByRole('region', { name: 'Pending invitations' });
    await pending.getByText('None: every invite link was used, withdrawn or has expired.').waitFor();

    await admin.getByLabel('Role').selectOption('supervisor');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const link = await admin.getByLabel('Invite link').inputValue();
    await admin.getByLabel('Role').selectOption('advocate');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    await expect.poll(() => pending.getByRole('row').count()).toBe(3);
    expect(await pending.getByRole('cell', { name: 'Supervisor', exact: true }).count()).toBe(1);
    expect(await pending.getByRole('cell', { name: 'Advocate', exact: true }).count()).toBe(1);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'console-pending-invites');

    await pending.getByRole('button', { name: /^Withdraw the supervisor link/ }).click();
    await pending.getByText(/^Withdrawn: the supervisor link made /).waitFor();
    await expect.poll(() => pending.getByRole('row').count()).toBe(2);
    expect(await pending.getByRole('cell', { name: 'Supervisor', exact: true }).count()).toBe(0);

    const token = new URL(link).hash.replace('#invite=', '');
    expect((await acceptInvite(server.url, token, 'late', 'late passphrase long')).status).toBeGreaterThanOrEqual(400);
  });
});
