import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, grantMember, postJson, setupAdmin, signIn as signInNode, type StaffKeys } from '../../apps/server/test/support/clients';
import { dumpTables, filesContaining } from '../../apps/server/test/support/scan';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { passNotice, say, sees } from '../support/participant';
import { hourlyEvents } from '../../apps/server/test/support/audit';

/**
 * A transfer through the real console: Avery answers a chat, picks Blake and writes a note that
 * her browser seals to Blake's key; Blake's console shows who sent it and the note, and opens
 * the conversation with the program key; the participant is told someone else is there now, by
 * the name participants see. Staff see each other's full names; the participant never does.
 */
const NOTE = 'Prefers French; safe to chat until 18:00. مرحبا';
/** In the display names only: the participant's page and its socket must never carry them. */
const SURNAMES = ['Quinn', 'Okafor', 'Rivera'];

/** Text as read, without the isolates that keep a name from turning a sentence around. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

/** The participant's log in order: a marker line as it reads, a message as "who: text". */
const participantLog = (page: Page) =>
  page.getByRole('log').evaluate((log) =>
    [...log.children].map((el) => (el.classList.contains('msg') ? `${el.querySelector('.who')?.textContent}: ${el.querySelector('.text')?.textContent}` : (el.textContent ?? ''))),
  );

/** The label over the log line that holds `text`: who wrote it, as this console names them. */
const lineWriter = (page: Page, text: string) =>
  page
    .getByRole('log', { name: 'Conversation' })
    .getByRole('listitem')
    .filter({ has: page.getByText(text, { exact: true }) })
    .locator('.who')
    .textContent();

describe('transferring a conversation in Chromium', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: StaffKeys;
  let averyId = '';
  let blakeId = '';
  let avery: Page;
  let blake: Page;
  let participant: Page;
  const participantFrames: string[] = [];

  async function member(username: string, displayName: string, role: 'advocate' | 'supervisor' = 'advocate'): Promise<string> {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, username, `${username} passphrase long`, displayName);
    await grantMember(server.url, admin, joined.body.me);
    return joined.body.me.id;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${server.url}/staff/`);
    await signInToConsole(page, username, `${username} passphrase long`, { until: page.getByRole('heading', { name: 'Waiting' }) });
  }

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signInNode(server.url, 'admin', 'correct horse battery');
    averyId = await member('avery', 'Avery Quinn');
    blakeId = await member('blake', 'Blake Okafor');
    await member('sam', 'Sam Rivera', 'supervisor');
    browser = await launchChromium();
    avery = await (await browser.newContext()).newPage();
    blake = await (await browser.newContext()).newPage();
    participant = await (await browser.newContext()).newPage();
    // Everything the participant's page is sent, as it came over the wire.
    participant.on('websocket', (socket) => socket.on('framereceived', (frame) => participantFrames.push(String(frame.payload))));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('hands the chat over with a sealed note the receiver reads, and tells the participant', async () => {
    await signIn(avery, 'avery');
    await signIn(blake, 'blake');

    await participant.goto(`${server.url}/`);
    await participant.getByRole('button', { name: 'Start a chat' }).click();
    await passNotice(participant);
    await avery.getByRole('button', { name: 'Answer' }).click();
    await participant.getByText(/has joined/).waitFor();
    await say(participant, 'I need to talk to someone');
    await avery.getByRole('log', { name: 'Conversation' }).getByText('I need to talk to someone', { exact: true }).waitFor();
    await avery.getByLabel('Message', { exact: true }).fill('I am Avery, I am here.');
    await avery.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'I am Avery, I am here.');
    // The participant knows Avery by the name participants see, written inside her message.
    expect(plain(await participant.locator('.chat-head .status').textContent())).toBe('Avery has joined the chat.');

    await avery.getByRole('button', { name: 'Transfer…' }).click();
    const picker = avery.getByLabel('Transfer to');
    await picker.locator(`option[value="${blakeId}"]`).waitFor({ state: 'attached' });
    // Everyone signed in is away (or an admin): nobody is chosen until Avery chooses.
    expect(await picker.inputValue()).toBe('');
    expect(await avery.getByRole('button', { name: 'Transfer', exact: true }).isDisabled()).toBe(true);
    await picker.selectOption(blakeId);
    await avery.getByText('Blake Okafor’s key fingerprint').waitFor();
    await avery.getByLabel('Note for Blake Okafor (optional)').fill(NOTE);
    expect(await seriousViolations(avery)).toEqual([]);
    await screenshot(avery, 'console-transfer-form');
    await avery.getByRole('button', { name: 'Transfer', exact: true }).click();

    // The receiver: an alert, then the conversation with who sent it and the note.
    await blake.getByText('Avery Quinn transferred a conversation to you.').waitFor();
    await blake.getByRole('region', { name: 'Alerts' }).getByRole('button', { name: 'Open' }).click();
    await blake.getByText('Transferred to you by Avery Quinn.').waitFor();
    // The alert belonged to this conversation: opened, it has done its job.
    await blake.getByRole('region', { name: 'Alerts', exact: true }).waitFor({ state: 'detached', timeout: 5_000 });
    await blake.getByText(NOTE, { exact: true }).waitFor();
    const blakeLog = blake.getByRole('log', { name: 'Conversation' });
    await blakeLog.getByText('I need to talk to someone', { exact: true }).waitFor();
    // Avery's line is Avery's, not "You", and one line marks where the conversation came to Blake, with what the participant was told.
    await expect.poll(() => lineWriter(blake, 'I am Avery, I am here.')).toBe('Avery Quinn');
    await blakeLog.getByText('Transferred to you by Avery Quinn here: the participant was told they are now talking with “Blake”.').waitFor();
    expect(await blakeLog.locator('.staff-change').count()).toBe(1);
    expect(await seriousViolations(blake)).toEqual([]);
    await screenshot(blake, 'console-transfer-received');

    // The participant is told who is there now, by name, and the new advocate's words come under that name.
    await participant.getByRole('log').getByText('You are now talking with \u2068Blake\u2069.', { exact: true }).waitFor();
    await blake.getByLabel('Message', { exact: true }).fill('Hello, I am Blake. I have read what you shared.');
    await blake.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'Hello, I am Blake. I have read what you shared.');
    await expect
      .poll(async () => (await participantLog(participant)).map(plain).filter((line) => !line.startsWith('You:')))
      .toEqual(['Avery: I am Avery, I am here.', 'You are now talking with Blake.', 'Blake: Hello, I am Blake. I have read what you shared.']);
    await screenshot(participant, 'participant-after-transfer');
    await expect.poll(() => lineWriter(blake, 'Hello, I am Blake. I have read what you shared.')).toBe('You');

    // A supervisor joins: both staff logs mark it once, and every line carries its writer's name.
    const sam = await (await browser.newContext()).newPage();
    await signIn(sam, 'sam');
    await sam.getByRole('region', { name: 'All live conversations' }).getByRole('button', { name: 'Join' }).click();
    const samLog = sam.getByRole('log', { name: 'Conversation' });
    await samLog.getByText('Hello, I am Blake. I have read what you shared.', { exact: true }).waitFor();
    await samLog.getByText('You joined here: the participant was told “Sam” joined.').waitFor();
    await blake.getByRole('log', { name: 'Conversation' }).getByText('A supervisor joined here: the participant was told “Sam” joined.').waitFor();
    await sees(participant, '\u2068Sam\u2069, a supervisor, has joined the chat.');
    // Only the holder can bring in an interpreter: the server refuses anyone else, so the button is not offered.
    await sam.getByText('Interpreter: none').waitFor();
    expect(await sam.getByRole('button', { name: 'Invite interpreter' }).count()).toBe(0);
    expect(await lineWriter(sam, 'I am Avery, I am here.')).toBe('Avery Quinn');
    expect(await lineWriter(sam, 'Hello, I am Blake. I have read what you shared.')).toBe('Blake Okafor');
    await sam.getByLabel('Message', { exact: true }).fill('Sam here, a supervisor.');
    await sam.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'Sam here, a supervisor.');
    await expect.poll(() => lineWriter(blake, 'Sam here, a supervisor.')).toBe('Sam Rivera');
    // On the participant's page the supervisor's line is Sam's, not the advocate's (it was, before the name travelled inside each message).
    await expect
      .poll(async () => (await participantLog(participant)).map(plain).filter((line) => !line.startsWith('You:')))
      .toEqual([
        'Avery: I am Avery, I am here.',
        'You are now talking with Blake.',
        'Blake: Hello, I am Blake. I have read what you shared.',
        'Sam, a supervisor, has joined the chat.',
        'Sam: Sam here, a supervisor.',
      ]);
    await screenshot(participant, 'participant-names-after-join');
    // The full display names stay with staff: not on the participant's page, not in a frame it was sent.
    const seen = await participant.evaluate(() => document.body.innerText);
    for (const surname of SURNAMES) {
      expect(seen, surname).not.toContain(surname);
      expect(participantFrames.join('\n'), surname).not.toContain(surname);
    }
    expect(participantFrames.length).toBeGreaterThan(10);
    expect(await lineWriter(blake, 'Hello, I am Blake. I have read what you shared.')).toBe('You');
    expect(await blake.getByRole('log', { name: 'Conversation' }).locator('.staff-change').count()).toBe(2);
    expect(await seriousViolations(sam)).toEqual([]);
    await sam.getByRole('button', { name: 'Stop watching' }).first().click();
    await sam.getByRole('button', { name: 'Sign out' }).click();
    await sam.close();

    // The sender is told where it went, and keeps nothing of it.
    await avery.getByText('Transferred to Blake Okafor. The conversation is no longer yours.').waitFor();
    await avery.getByText('You have no open conversations.').waitFor();
    expect(await avery.evaluate(() => document.body.innerText)).not.toContain('I need to talk to someone');

    // The note was never stored in the clear, and once read it is gone from the server.
    expect(await dumpTables(ts.store.db)).not.toContain('Prefers French');
    expect(await filesContaining(ts.dataDir!, ['Prefers French'])).toEqual([]);
    expect(await ts.store.db.selectFrom('transfer_notes').selectAll().execute()).toEqual([]);
  });

  it('keeps the whole conversation readable across a console reload, and for a supervisor who joins after the transfer (v2 keys)', async () => {
    // Blake holds it now. A reload drops every key from memory: the console asks the participant's page for the secret again.
    await blake.reload();
    await signInToConsole(blake, 'blake', 'blake passphrase long', { until: blake.getByRole('heading', { name: 'Yours' }) });
    await blake.locator('ul.yours button').first().click();
    const blakeLog = blake.getByRole('log', { name: 'Conversation' });
    await blakeLog.getByText('I need to talk to someone', { exact: true }).waitFor();
    await blakeLog.getByText('Hello, I am Blake. I have read what you shared.', { exact: true }).waitFor();
    await say(participant, 'Still here after your page reloaded');
    await blakeLog.getByText('Still here after your page reloaded', { exact: true }).waitFor();

    // A supervisor joins after the transfer and reads everything from the first message, then writes.
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'supervisor' }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, 'sasha', 'sasha passphrase long', 'Sasha');
    await grantMember(server.url, admin, joined.body.me);
    const sasha = await (await browser.newContext()).newPage();
    await signIn(sasha, 'sasha');
    const live = sasha.getByRole('region', { name: 'All live conversations' });
    await live.getByRole('button', { name: 'Join' }).click();
    const sashaLog = sasha.getByRole('log', { name: 'Conversation' });
    for (const text of ['I need to talk to someone', 'Hello, I am Blake. I have read what you shared.', 'Still here after your page reloaded']) {
      await sashaLog.getByText(text, { exact: true }).waitFor();
    }
    expect(await sasha.getByText('This message could not be opened.').count()).toBe(0);
    await sasha.getByLabel('Message', { exact: true }).fill('A supervisor is here too.');
    await sasha.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'A supervisor is here too.');
    await blakeLog.getByText('A supervisor is here too.', { exact: true }).waitFor();
    await live.getByRole('button', { name: 'Stop watching' }).click();
    // Signed out, so the debrief request below finds the one supervisor on shift it always did.
    await sasha.getByRole('button', { name: 'Sign out' }).click();
    await sasha.getByRole('button', { name: 'Sign out' }).waitFor({ state: 'detached' });
    await sasha.close();
  });

  it('hands it back from the handoff list, and offers the advocate a debrief once it ends', async () => {
    await blake.getByRole('button', { name: 'Hand off (1)' }).click();
    const handoff = blake.getByRole('region', { name: 'Hand off your conversations' });
    await handoff.getByLabel('Transfer to').locator(`option[value="${averyId}"]`).waitFor({ state: 'attached' });
    await handoff.getByLabel('Transfer to').selectOption(averyId);
    expect(await seriousViolations(blake)).toEqual([]);
    await screenshot(blake, 'console-handoff');
    await handoff.getByRole('button', { name: 'Transfer', exact: true }).click();
    await handoff.getByText('Transferred to Avery Quinn.').waitFor();
    await handoff.getByText('You hold no conversations.').waitFor();

    await avery.getByRole('button', { name: 'Open' }).click();
    await avery.getByText('Transferred to you by Blake Okafor.').waitFor();
    await avery.getByText('No note.').waitFor();
    await avery.getByRole('log', { name: 'Conversation' }).getByText('Hello, I am Blake. I have read what you shared.', { exact: true }).waitFor();

    await avery.getByRole('button', { name: 'End conversation' }).click();
    await avery.getByRole('button', { name: 'Confirm end' }).click();
    await avery.getByRole('button', { name: 'I need a debrief' }).click();
    // The admin signed in from Node, and Sam if still counted as signed in, are the supervisors on shift; the request names no conversation.
    await avery.getByText(/Asked (the supervisor|\d supervisors) on shift\. They were told your name only\./).waitFor();
    await screenshot(avery, 'console-debrief-asked');
    expect(await seriousViolations(avery)).toEqual([]);
    // Who asked is the actor (their id); the detail names no conversation.
    const debriefs = (await hourlyEvents(ts.store.db)).filter((e) => e.action === 'debrief.requested').map(({ action, detail, count }) => ({ action, detail, count }));
    expect(debriefs).toHaveLength(1);
    expect(JSON.stringify(debriefs)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
