import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { signIn as signInNode } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { enrolTotp, typeTotpCode } from '../support/two-factor';

const PASSWORD = 'a long admin passphrase';
const NEW_PASSWORD = 'a newer admin passphrase';
const MINUTE = 60_000;

/**
 * Two-factor sign-in in the console: the first admin enrols from the QR code's secret (the test
 * computes codes from the secret the page shows, as an authenticator app would), signs in with a
 * code, changes the password on the Account screen, and is signed out after inactivity.
 */
describe('console: two-factor sign-in, password change, idle sign-out', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let now = Date.now();
  const found: string[] = [];
  const check = async (state: string) => found.push(...(await seriousViolations(page)).map((v) => `${state}: ${v}`));

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { staffIdleMinutes: 30 }, () => new Date(now));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('sets up the first admin with the QR code and its secret, and refuses a wrong first code', async () => {
    await page.goto(`${server.url}/staff/#setup=${server.setupToken}`);
    await page.getByRole('heading', { name: 'Set up Lantern' }).waitFor();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg').waitFor();
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await check('setup with the enrolment step');

    // A code that is not six digits is caught before anything is sent.
    await page.getByLabel('Code from your authenticator app').fill('12');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Type the six digits your authenticator app shows for this account.').waitFor();
    expect(await page.getByLabel('Code from your authenticator app').getAttribute('aria-invalid')).toBe('true');
    await check('setup with a field error');

    const secret = await enrolTotp(page, 'ada');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const code = page.getByLabel('Code from your authenticator app');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await screenshot(page, 'console-setup-two-factor');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Program key fingerprint').waitFor({ timeout: 30_000 });
    const stored = await ts.store.db.selectFrom('staff').select('totp_sealed').where('username', '=', 'ada').executeTakeFirstOrThrow();
    expect(stored.totp_sealed).toBeTruthy();
    expect(stored.totp_sealed).not.toContain(secret);
  });

  it('signs in only with a code, and says so without telling which part was wrong', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username, password or code.').waitFor({ timeout: 30_000 });
    await check('sign-in with an error');
    await screenshot(page, 'console-signin-two-factor');

    await signInToConsole(page, 'ada', PASSWORD, { until: page.getByRole('link', { name: 'Account' }) });
  });

  it('changes the password on the Account screen; the old one no longer signs in', async () => {
    const other = await signInNode(server.url, 'ada', PASSWORD);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await check('account');
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await typeTotpCode(page, 'ada');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('That is not your current password.').waitFor({ timeout: 30_000 });
    await check('account with an error');

    await page.getByLabel('Current password').fill(PASSWORD);
    await typeTotpCode(page, 'ada');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions were signed out.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'console-account-password');
    // The other session ended; this one goes on.
    expect((await fetch(`${server.url}/api/staff/me`, { headers: { authorization: `Bearer ${other.session.token}` } })).status).toBe(401);
    await expect(signInNode(server.url, 'ada', PASSWORD)).rejects.toThrow(/401/);
    expect((await signInNode(server.url, 'ada', NEW_PASSWORD)).session.me.username).toBe('ada');
  });

  it('returns to sign-in after the idle time-out, saying why', async () => {
    now += 31 * MINUTE;
    await server.accounts.endDeadSessions();
    await page.getByText('You were signed out after a time without activity. Sign in again.').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await check('signed out after inactivity');
    expect(found).toEqual([]);
  });
});
