import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, postJson, setupAdmin, signIn as signInNode, type StaffKeys } from '../../apps/server/test/support/clients';
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
 * the conversation with the program key; the participant is told someone else is there now.
 */
const NOTE = 'Prefers French; safe to chat until 18:00. مرحبا';

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

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signInNode(server.url, 'admin', 'correct horse battery');
    averyId = await member('avery', 'Avery');
    blakeId = await member('blake', 'Blake');
    browser = await launchChromium();
    avery = await (await browser.newContext()).newPage();
    blake = await (await browser.newContext()).newPage();
    participant = await (await browser.newContext()).newPage();
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

    await avery.getByRole('button', { name: 'Transfer…' }).click();
    const picker = avery.getByLabel('Transfer to');
    await picker.locator(`option[value="${blakeId}"]`).waitFor({ state: 'attached' });
    await picker.selectOption(blakeId);
    await avery.getByText('Blake’s key fingerprint').waitFor();
    await avery.getByLabel('Note for Blake (optional)').fill(NOTE);
    expect(await seriousViolations(avery)).toEqual([]);
    await screenshot(avery, 'console-transfer-form');
    await avery.getByRole('button', { name: 'Transfer', exact: true }).click();

    // The receiver: an alert, then the conversation with who sent it and the note.
    await blake.getByText('Avery transferred a conversation to you.').waitFor();
    await blake.getByRole('region', { name: 'Alerts' }).getByRole('button', { name: 'Open' }).click();
    await blake.getByText('Transferred to you by Avery.').waitFor();
    await blake.getByText(NOTE, { exact: true }).waitFor();
    await blake.getByRole('log', { name: 'Conversation' }).getByText('I need to talk to someone', { exact: true }).waitFor();
    expect(await seriousViolations(blake)).toEqual([]);
    await screenshot(blake, 'console-transfer-received');

    // The participant is told, and the new advocate's words reach them.
    await sees(participant, 'You are now talking with a different advocate.');
    await blake.getByLabel('Message', { exact: true }).fill('Hello, I am Blake. I have read what you shared.');
    await blake.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'Hello, I am Blake. I have read what you shared.');
    await screenshot(participant, 'participant-after-transfer');

    // The sender keeps nothing of it.
    await avery.getByText('You have no open conversations.').waitFor();
    expect(await avery.evaluate(() => document.body.innerText)).not.toContain('I need to talk to someone');

    // The note was never stored in the clear, and once read it is gone from the server.
    expect(await dumpTables(ts.store.db)).not.toContain('Prefers French');
    expect(await filesContaining(ts.dataDir!, ['Prefers French'])).toEqual([]);
    expect(await ts.store.db.selectFrom('transfer_notes').selectAll().execute()).toEqual([]);
  });

  it('hands it back from the handoff list, and offers the advocate a debrief once it ends', async () => {
    await blake.getByRole('button', { name: 'Hand off (1)' }).click();
    const handoff = blake.getByRole('region', { name: 'Hand off your conversations' });
    await handoff.getByLabel('Transfer to').locator(`option[value="${averyId}"]`).waitFor({ state: 'attached' });
    await handoff.getByLabel('Transfer to').selectOption(averyId);
    expect(await seriousViolations(blake)).toEqual([]);
    await screenshot(blake, 'console-handoff');
    await handoff.getByRole('button', { name: 'Transfer', exact: true }).click();
    await handoff.getByText('Transferred to Avery.').waitFor();
    await handoff.getByText('You hold no conversations.').waitFor();

    await avery.getByRole('button', { name: 'Open' }).click();
    await avery.getByText('Transferred to you by Blake.').waitFor();
    await avery.getByText('No note.').waitFor();
    await avery.getByRole('log', { name: 'Conversation' }).getByText('Hello, I am Blake. I have read what you shared.', { exact: true }).waitFor();

    await avery.getByRole('button', { name: 'End conversation' }).click();
    await avery.getByRole('button', { name: 'Confirm end' }).click();
    await avery.getByRole('button', { name: 'I need a debrief' }).click();
    // The admin signed in from Node counts as the supervisor on shift; the request names no conversation.
    await avery.getByText('Asked the supervisor on shift. They were told your name only.').waitFor();
    expect(await seriousViolations(avery)).toEqual([]);
    // Who asked is the actor (their id); the detail names no conversation.
    const debriefs = (await hourlyEvents(ts.store.db)).filter((e) => e.action === 'debrief.requested').map(({ action, detail, count }) => ({ action, detail, count }));
    expect(debriefs).toHaveLength(1);
    expect(JSON.stringify(debriefs)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
