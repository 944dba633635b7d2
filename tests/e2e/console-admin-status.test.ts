import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServerFrame, ServiceStatus } from '@lantern/protocol';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { FrameSocket, getJson, setupAdmin, signIn as signInNode, startParticipant } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/**
 * The status switch in the console: an admin declares an emergency with a message and another way
 * to reach help; the public status says so at once, a participant already chatting gets the
 * `status` frame, and every console shows it in its header until the line opens again.
 */
const MESSAGE = 'Our chat is down after a power cut. Please call the hotline.';
type StatusFrame = Extract<ServerFrame, { type: 'status' }>;

describe('console: the status switch', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let participant: FrameSocket;
  /** What the page's console reported as errors: a CSP refusal (an inline style, say) shows up here. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase');
    // Before the switch: starting a chat is refused while in an emergency.
    const started = await startParticipant(server.url);
    participant = await FrameSocket.connect(server.wsUrl, started.started.token);
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    admin.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    admin.on('pageerror', (error) => pageErrors.push(error.message));
    await admin.goto(`${server.url}/staff/`);
    await signInToConsole(admin, 'ada', 'a long admin passphrase');
  });

  afterAll(async () => {
    participant?.close();
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const status = async () => (await getJson<ServiceStatus>(`${server.url}/api/status`)).body;

  it('shows the current status and offers Program to admins', async () => {
    await admin.getByRole('link', { name: 'Program' }).click();
    await admin.getByRole('heading', { name: 'Program', level: 1 }).waitFor();
    const current = admin.locator('.current-status');
    await current.getByText('Open', { exact: true }).waitFor();
    await current.getByText('Hotline: 1-800-555-0100').waitFor();
    expect(await admin.getByRole('radio', { name: 'Follow the hours' }).isChecked()).toBe(true);
    expect(await admin.getByRole('radiogroup', { name: 'Status' }).count()).toBe(1);
  });

  it('asks before closing the line, and Cancel changes nothing', async () => {
    await admin.getByRole('radio', { name: 'Closed', exact: true }).check();
    await admin.getByRole('button', { name: 'Save status' }).click();
    const confirm = admin.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' });
    await confirm.waitFor();
    // Focus moves to the confirmation, so a keyboard user is not left behind on a vanished button.
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('button', { name: 'Save status' }).waitFor();
    expect((await status()).state).toBe('open');
    expect(participant.frames.some((f) => f.type === 'status')).toBe(false);
  });

  it('switches to emergency with a message and another way to reach help', async () => {
    await admin.getByRole('radio', { name: 'Emergency: service interrupted' }).check();
    await admin.getByLabel('Message to participants').fill(MESSAGE);
    await admin.getByRole('button', { name: 'Add an alternative' }).click();
    const row = admin.getByRole('group', { name: 'Alternative 2' });
    await row.getByLabel('Label').fill('Text line');
    await row.getByLabel('Number or address').fill('Text HOME to 741741');
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' }).click();
    await admin.getByText('Saved. Participants now see: Emergency: service interrupted.').waitFor();

    expect(await status()).toEqual({
      state: 'emergency',
      message: MESSAGE,
      opens_at: null,
      alternatives: [
        { label: 'Hotline', value: '1-800-555-0100' },
        { label: 'Text line', value: 'Text HOME to 741741' },
      ],
      no_other_way: null,
    });
    const frame = await participant.next<StatusFrame>((f) => f.type === 'status');
    expect(frame).toMatchObject({ state: 'emergency', message: MESSAGE });
    expect(frame.alternatives).toHaveLength(2);
    await screenshot(admin, 'console-program-emergency');
  });

  it('shows the emergency in the header of every screen until the line opens', async () => {
    const banner = admin.locator('header .service-banner');
    await admin.getByRole('link', { name: 'Conversations' }).click();
    await banner.getByText('Emergency: service interrupted').waitFor();
    expect(await banner.textContent()).toBe(`Emergency: service interrupted: ${MESSAGE}`);
    expect(await banner.getAttribute('role')).toBe('status');

    // Another admin's switch (here from Node) reaches this console through its socket alone.
    const { token } = (await signInNode(server.url, 'ada', 'a long admin passphrase')).session;
    const reopened = await fetch(`${server.url}/api/admin/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ override: 'none', message: null }),
    });
    expect(reopened.status).toBe(200);
    await banner.getByText('Emergency').waitFor({ state: 'detached' });
    expect(await banner.textContent()).toBe('');
    await participant.next<StatusFrame>((f) => f.type === 'status' && f.state === 'open');
  });

  it('removes an alternative and clears the message', async () => {
    await admin.getByRole('link', { name: 'Program' }).click();
    await admin.getByRole('radio', { name: 'Follow the hours' }).check();
    await admin.getByLabel('Message to participants').fill('');
    await admin.getByRole('button', { name: 'Remove alternative 2' }).click();
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByText('Saved. Participants now see: Open.').waitFor();
    expect(await status()).toEqual({ state: 'open', message: null, opens_at: null, alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }], no_other_way: null });
  });

  it('points at a half-filled alternative instead of sending it', async () => {
    await admin.getByRole('button', { name: 'Add an alternative' }).click();
    await admin.getByRole('group', { name: 'Alternative 2' }).getByLabel('Label').fill('Shelter');
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByRole('alert').getByText('Alternative 2: give the number or address.').waitFor();
    const focused = await admin.evaluate(() => document.activeElement?.getAttribute('id') ?? '');
    expect(focused).toMatch(/^alt-\d+-value$/);
    expect((await status()).alternatives).toHaveLength(1);
  });

  it('clears the emergency message when the emergency ends, so it does not outlive it', async () => {
    await admin.getByRole('button', { name: 'Remove alternative 2' }).click();
    await admin.getByRole('radio', { name: 'Emergency: service interrupted' }).check();
    await admin.getByLabel('Message to participants').fill(MESSAGE);
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByRole('button', { name: 'Confirm: tell everyone waiting or chatting' }).click();
    await admin.getByText('Saved. Participants now see: Emergency: service interrupted.').waitFor();

    await admin.getByRole('radio', { name: 'Follow the hours' }).check();
    expect(await admin.getByLabel('Message to participants').inputValue()).toBe('');
    await admin.getByText(/The emergency message was cleared/).waitFor();
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByText('Saved. Participants now see: Open.').waitFor();
    expect((await status()).message).toBeNull();
  });

  it('says there is no other way in the program’s words when the list is emptied', async () => {
    const words = 'We have no phone line. You can come back to this chat at any time.';
    await admin.getByRole('button', { name: 'Remove alternative 1' }).click();
    await admin.getByText('With neither, participants are shown no other way to reach you.').waitFor();
    await admin.getByLabel('If there is no other way to reach you').fill(words);
    await admin.getByRole('button', { name: 'Save status' }).click();
    await admin.getByText('Saved. Participants now see: Open.').waitFor();
    expect(await status()).toMatchObject({ alternatives: [], no_other_way: words });
    await admin.locator('.current-status').getByText(words).waitFor();
    const frame = await participant.next<StatusFrame>((f) => f.type === 'status' && f.no_other_way === words);
    expect(frame.alternatives).toEqual([]);
  });

  it('ran under the strict CSP without a refusal or an uncaught error', () => {
    expect(pageErrors).toEqual([]);
  });
});
