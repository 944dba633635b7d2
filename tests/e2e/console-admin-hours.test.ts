import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServiceStatus } from '@lantern/protocol';
import { buildApp } from '../../apps/server/src/app';
import { localBus } from '../../apps/server/src/bus/local';
import type { Sweeper } from '../../apps/server/src/jobs/sweeper';
import { createLogger } from '../../apps/server/src/log';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { FrameSocket, getJson, sendText, setupAdmin, signIn as signInNode, startV2Participant } from '../../apps/server/test/support/clients';
import { testConfig } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/**
 * The hours in the console against a server on a fake clock: Monday to Friday 09:00–17:00 in
 * Toronto, Saturday until midnight, Christmas closed. The public status then follows that clock
 * across evenings, the holiday and the weekend; the console reads the saved hours back after a
 * reload, and shows the server's own words for a time zone it refuses. Also here, because this
 * server's sweeper can be run by hand: the inactivity notice in a conversation's log.
 */
const WEEKDAY: [string, string][] = [['09:00', '17:00']];
const EXPECTED_HOURS = {
  timeZone: 'America/Toronto',
  weekly: { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat: [['10:00', '24:00']] },
  exceptions: { '2026-12-25': [] },
};

describe('console: the hours, on a fake clock', () => {
  let ts: TestStore;
  let url = '';
  let wsUrl = '';
  let nodeToken = '';
  let sweeper: Sweeper;
  let closeApp: () => Promise<void>;
  let browser: Browser;
  let admin: Page;
  // Tuesday 24 November 2026, 09:30 in Toronto.
  let now = Date.parse('2026-11-24T14:30:00Z');

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    const bus = localBus();
    const built = await buildApp({ config: testConfig(), store: ts.store, bus, logger: createLogger('silent'), clock: () => new Date(now) });
    await built.app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
    const { port } = built.app.server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}/ws`;
    sweeper = built.sweeper;
    closeApp = async () => {
      await built.app.close();
      await bus.close();
    };
    await setupAdmin(url, (await built.accounts.prepareSetup('Test Program'))!, 'ada', 'a long admin passphrase');
    // The console keeps its token to itself; Node reads the audit log as a second session would.
    nodeToken = (await signInNode(url, 'ada', 'a long admin passphrase')).session.token;
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    await admin.goto(`${url}/staff/#program`);
    await signInToConsole(admin, 'ada', 'a long admin passphrase');
  });

  afterAll(async () => {
    await browser?.close();
    await closeApp?.();
    await ts?.dispose();
  });

  const status = async () => (await getJson<ServiceStatus>(`${url}/api/status`)).body;
  /** The detail of the newest audit entry of one action: exactly what the server saved. */
  const auditNewest = async (action: string) => {
    const reply = await getJson<{ entries: Array<{ action: string; detail: Record<string, unknown> }> }>(`${url}/api/admin/audit`, nodeToken);
    return reply.body.entries.find((e) => e.action === action)?.detail;
  };
  const day = (name: string) => admin.getByRole('group', { name, exact: true });

  it('sets weekday hours, a Saturday until midnight and a closed holiday', async () => {
    await admin.getByRole('heading', { name: 'Hours' }).waitFor();
    const always = admin.getByRole('switch', { name: 'Open at all hours' });
    expect(await always.isChecked()).toBe(true);
    await always.uncheck();
    await admin.getByLabel('Time zone').selectOption('America/Toronto');

    await admin.getByRole('button', { name: 'Add hours to Monday' }).click();
    await day('Monday').getByLabel('From', { exact: true }).fill('09:00');
    await day('Monday').getByLabel('To', { exact: true }).fill('17:00');
    await admin.getByRole('button', { name: 'Copy Monday’s hours to Tuesday–Friday' }).click();
    expect(await day('Friday').getByLabel('To', { exact: true }).inputValue()).toBe('17:00');

    // A range ending at 00:00 runs until midnight: sent as the server's 24:00.
    await admin.getByRole('button', { name: 'Add hours to Saturday' }).click();
    await day('Saturday').getByLabel('From', { exact: true }).fill('10:00');
    await day('Saturday').getByLabel('To', { exact: true }).fill('00:00');

    await admin.getByRole('button', { name: 'Add a date' }).click();
    await admin.getByLabel('Date', { exact: true }).fill('2026-12-25');
    expect(await admin.getByRole('checkbox', { name: 'Closed all day' }).isChecked()).toBe(true);

    // The console asks before hours that close an open line; it reads the time as the server's fake clock does.
    await admin.clock.setSystemTime(new Date(now));
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByText(/^Hours saved\. Participants now see: Open\.$/).waitFor();
    await screenshot(admin, 'console-program-hours');

    const audit = await auditNewest('hours.changed');
    expect(audit).toEqual({ hours: EXPECTED_HOURS });
  });

  it('makes GET /api/status follow the hours on the server clock', async () => {
    expect(await status()).toMatchObject({ state: 'open', opens_at: null });
    now = Date.parse('2026-11-24T23:00:00Z'); // Tuesday 18:00
    expect(await status()).toMatchObject({ state: 'closed', opens_at: '2026-11-25T14:00:00.000Z' });
    now = Date.parse('2026-11-29T04:30:00Z'); // Saturday 23:30: open until midnight
    expect(await status()).toMatchObject({ state: 'open' });
    now = Date.parse('2026-11-29T05:30:00Z'); // Sunday 00:30
    expect(await status()).toMatchObject({ state: 'closed', opens_at: '2026-11-30T14:00:00.000Z' });
    now = Date.parse('2026-12-24T23:00:00Z'); // Thursday 18:00: Friday is Christmas, then the weekend
    expect(await status()).toMatchObject({ state: 'closed', opens_at: '2026-12-26T15:00:00.000Z' });
    now = Date.parse('2026-12-25T15:00:00Z'); // Christmas 10:00
    expect((await status()).state).toBe('closed');
    now = Date.parse('2026-11-24T14:30:00Z');
  });

  it('reads the saved hours back after a reload', async () => {
    await admin.reload();
    await signInToConsole(admin, 'ada', 'a long admin passphrase');
    await admin.getByRole('heading', { name: 'Hours' }).waitFor();
    expect(await admin.getByRole('switch', { name: 'Open at all hours' }).isChecked()).toBe(false);
    expect(await admin.getByLabel('Time zone').inputValue()).toBe('America/Toronto');
    expect(await day('Wednesday').getByLabel('From', { exact: true }).inputValue()).toBe('09:00');
    expect(await day('Saturday').getByLabel('To', { exact: true }).inputValue()).toBe('00:00');
    expect(await day('Sunday').getByLabel('From', { exact: true }).count()).toBe(0);
    expect(await admin.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-25');
  });

  it('refuses an impossible range before sending it', async () => {
    await day('Sunday').getByRole('button', { name: 'Add hours to Sunday' }).click();
    await day('Sunday').getByLabel('From', { exact: true }).fill('18:00');
    await day('Sunday').getByLabel('To', { exact: true }).fill('08:00');
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByRole('alert').getByText(/^Sunday: 18:00 to 08:00 ends before it starts/).waitFor();
    expect(await admin.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^range-\d+-to$/);
    await day('Sunday').getByRole('button', { name: /^Remove Sunday/ }).click();
  });

  it("shows the server's 400 message for a time zone it does not know", async () => {
    // No option offers a bad zone: rewrite the request on its way, as a browser with a newer zone list would send it.
    await admin.route('**/api/admin/hours', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { hours: { timeZone: string } | null };
      if (body.hours) body.hours.timeZone = 'Mars/Olympus';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByRole('alert').getByText("The hours were not saved: unknown time zone 'Mars/Olympus'").waitFor();
    await admin.unroute('**/api/admin/hours');
    expect((await auditNewest('hours.changed'))?.hours).toEqual(EXPECTED_HOURS);
  });

  it('asks before hours that close the line now, as Closed does', async () => {
    now = Date.parse('2026-12-25T15:00:00Z'); // Christmas 10:00, closed all day by the hours
    await admin.clock.setSystemTime(new Date(now));
    await admin.getByRole('switch', { name: 'Open at all hours' }).check();
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByText(/^Hours saved\. Participants now see: Open\.$/).waitFor();

    await admin.getByRole('switch', { name: 'Open at all hours' }).uncheck();
    await admin.getByRole('button', { name: 'Save hours' }).click();
    const confirm = admin.getByRole('button', { name: 'Confirm: close the line now' });
    await confirm.waitFor();
    expect((await status()).state).toBe('open');
    await confirm.click();
    await admin.getByText(/^Hours saved\. Participants now see: Line closed; it opens /).waitFor();
    expect((await status()).state).toBe('closed');
    now = Date.parse('2026-11-24T14:30:00Z');
    await admin.clock.setSystemTime(new Date(now));
  });

  it('switches back to open at all hours', async () => {
    await admin.getByRole('switch', { name: 'Open at all hours' }).check();
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByText(/^Hours saved\./).waitFor();
    now = Date.parse('2026-12-25T15:00:00Z');
    expect(await status()).toMatchObject({ state: 'open' });
    expect(await auditNewest('hours.changed')).toEqual({ hours: null });
  });

  it('writes the inactivity warning into the conversation log with its closing time', async () => {
    const participant = await startV2Participant(url);
    const socket = await FrameSocket.connect(wsUrl, participant.started.token);
    // As the page does: it hands its conversation secret to the console tab that asks.
    participant.answerOn(socket);
    await sendText(socket, participant.keys, 'participant', 'Hello, is anyone there?');
    await admin.getByRole('link', { name: 'Conversations' }).click();
    await admin.getByRole('button', { name: 'Answer' }).click();
    const log = admin.getByRole('log', { name: 'Conversation' });
    await log.getByText('Hello, is anyone there?').waitFor();

    const { warned } = await sweeper.run(new Date(now + 11 * 60_000));
    expect(warned).toEqual([participant.started.conversationId]);
    const closesAt = new Date(now + 16 * 60_000).toISOString();
    const clock = await admin.evaluate((iso) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)), closesAt);
    const line = log.getByText(`No reply from the participant: this chat closes at ${clock} unless they write.`);
    await line.waitFor();
    expect(await line.evaluate((el) => el.tagName)).toBe('LI');
    await screenshot(admin, 'console-inactivity-notice');

    // The notice stays where it arrived: after the message before it, before the next.
    await sendText(socket, participant.keys, 'participant', 'Sorry, I had to step away.');
    await log.getByText('Sorry, I had to step away.').waitFor();
    const order = await log.locator('li').allTextContents();
    expect(order.findIndex((t) => t.includes('No reply'))).toBe(1);
    expect(order.findIndex((t) => t.includes('step away'))).toBe(2);
    socket.close();

    // Silent again until the close: the console says why it ended, not only that it did.
    const silentFrom = now;
    expect((await sweeper.run(new Date(silentFrom + 10 * 60_000 + 20_000))).warned).toEqual([participant.started.conversationId]);
    expect((await sweeper.run(new Date(silentFrom + 16 * 60_000))).closed).toEqual([participant.started.conversationId]);
    await admin.getByRole('status').getByText('The conversation was closed because nothing came from the participant for 15 minutes. Its messages were cleared.').waitFor();
  });
});
