import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { getJson, inviteMember, setupAdmin, signIn as signInNode } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { seedClosed } from '../../apps/server/test/support/statistics-seed';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';

/**
 * The Statistics tab, as a supervisor planning the rota sees it: "<5" where an hour had three
 * conversations, the real count where it had seven, a table behind each chart, the CSV download;
 * and the admin's retention setting with its meaning in words. Axe-clean in light and dark.
 */

describe('console: statistics and retention', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase');
    const admin = await signInNode(server.url, 'ada', 'a long admin passphrase');
    await inviteMember(server.url, admin, 'sam', 'a supervisor passphrase', 'supervisor');
    // No hours set: the program's time is UTC. Tuesday 3 March 10:xx, three chats; Wednesday 14:xx, seven texts.
    const at = (day: number, hour: number, minute: number) => new Date(Date.UTC(2026, 2, day, hour, minute));
    await seedClosed(ts.store.db, [
      { startedAt: at(3, 10, 5), answeredAfter: 45, closedAfter: 900 },
      { startedAt: at(3, 10, 25), answeredAfter: 90, closedAfter: 1200 },
      { startedAt: at(3, 10, 45), answeredAfter: null, closedAfter: 240 },
      ...[30, 40, 100, 200, 400, 700, 1500].map((wait, i) => ({ channel: 'sms' as const, startedAt: at(4, 14, i * 7), answeredAfter: wait, closedAfter: wait + 600 })),
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const open = async (username: string, password: string, hash: string, colorScheme: 'light' | 'dark' = 'light') => {
    const context = await browser.newContext({ colorScheme, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/${hash}`);
    await signInToConsole(page, username, password);
    return page;
  };

  const showRange = async (page: Page) => {
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-03-03');
    await page.getByLabel('To', { exact: true }).fill('2026-03-04');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText(/to .*2026, times in UTC/).waitFor();
  };

  it('shows a supervisor "<5" for three conversations and 7 for seven, with tables behind the charts', async () => {
    const page = await open('sam', 'a supervisor passphrase', '');
    await showRange(page);
    const totals = page.getByRole('region', { name: /times in UTC/ });
    const row = (name: string) => totals.getByRole('row', { name: new RegExp(`^${name}`) });
    expect((await row('Started by participants').getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['10', '<5', '7']);
    expect((await row('Left before an answer').getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['<5', '<5', '0']);
    expect((await row('Mean wait for an answer').getByRole('cell').allTextContents())[1]).toBe('not shown (fewer than 5)');

    // The heat grid's cells, and the table behind it.
    const grid = page.getByRole('img', { name: /by hour of the week/ });
    expect(await grid.locator('title').filter({ hasText: 'Tuesday 10:00: <5' }).count()).toBe(1);
    expect(await grid.locator('title').filter({ hasText: 'Wednesday 14:00: 7' }).count()).toBe(1);
    await page.getByText('Every hour of the week as a table').click();
    const hours = page.getByRole('region', { name: 'Conversations started by hour of the week' });
    const tuesday = (await hours.getByRole('row', { name: /^Tuesday/ }).getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(tuesday[10]).toBe('<5');
    const wednesday = (await hours.getByRole('row', { name: /^Wednesday/ }).getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(wednesday[14]).toBe('7');
    await page.getByText('Every day as a table').click();
    const days = page.getByRole('region', { name: 'Conversations by day' });
    expect((await days.getByRole('row').nth(1).getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['<5', '<5', '<5']);
    // No raw count from 1 to 4 anywhere on the screen's tables.
    const cells = (await page.locator('.statistics td').allTextContents()).map((t) => t.trim());
    expect(cells.filter((t) => /^[1-4]$/.test(t))).toEqual([]);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-statistics');
  });

  it('downloads the same figures as CSV, recorded in the audit log', async () => {
    const page = await open('sam', 'a supervisor passphrase', '#statistics');
    await showRange(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('statistics-2026-03-03-to-2026-03-04.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toContain('hour_of_week,Tue 10:00,started,<5');
    expect(lines).toContain('hour_of_week,Wed 14:00,started,7');
    expect(lines).toContain('channel,web,started,<5');
    await page.getByText(/Downloaded the figures from/).waitFor();
    const admin = await signInNode(server.url, 'ada', 'a long admin passphrase');
    const audit = await getJson<{ entries: Array<{ action: string }> }>(`${server.url}/api/admin/audit`, admin.session.token);
    expect(audit.body.entries.filter((e) => e.action === 'statistics.exported')).toHaveLength(1);
  });

  it('is axe-clean in dark mode too', async () => {
    const page = await open('sam', 'a supervisor passphrase', '', 'dark');
    await showRange(page);
    await page.getByText('Every hour of the week as a table').click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-statistics-dark');
  });

  it('lets an admin set the retention, saying what the number means', async () => {
    const page = await open('ada', 'a long admin passphrase', '');
    await page.getByRole('link', { name: 'Program' }).click();
    const section = page.getByRole('region', { name: 'Retention' });
    const field = section.getByLabel('Days to keep an ended conversation');
    await field.waitFor();
    expect(await field.inputValue()).toBe('0');
    await section.getByText('no one can read it again').waitFor();
    await field.fill('2');
    await section.getByText('An escrow: the advocate’s browser leaves each conversation’s key sealed to the program key, so for 2 days').waitFor();
    await section.getByRole('button', { name: 'Save retention' }).click();
    await section.getByRole('status').getByText('Saved: ended conversations are kept for 2 days.').waitFor();
    const admin = await signInNode(server.url, 'ada', 'a long admin passphrase');
    expect((await getJson<{ days: number }>(`${server.url}/api/admin/retention`, admin.session.token)).body).toEqual({ days: 2, chosen: true });
    await field.fill('400');
    await section.getByRole('button', { name: 'Save retention' }).click();
    await section.getByRole('alert').getByText('from 0 to 365').waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole('region', { name: 'Text line' }).getByText('Texting is off').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-program-retention');
  });
});
