import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import type { StaffList } from '@lantern/protocol';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import {
  acceptInvite,
  FrameSocket,
  getJson,
  inviteMember,
  postJson,
  sendText,
  setupAdmin,
  signIn as signInNode,
  startV2Participant,
  type StaffKeys,
} from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/**
 * Deactivating a member in the console: their sessions and sockets end at once, and the admin's
 * browser starts a new program key epoch sealed to every remaining active member, so the copy of
 * the old key the member may have kept does not open a conversation started afterwards. A failed
 * rotation stays on screen, survives a reload, and "Rotate now" finishes it.
 */
const ADMIN_PASSWORD = 'a long admin passphrase';
const SENTENCE = 'I need to talk to someone about my partner.';

describe('console: deactivating a member rotates the program key', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let adminNode: StaffKeys;
  let advocate: StaffKeys;
  let advocateSocket: FrameSocket;
  let samId = '';

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', ADMIN_PASSWORD);
    adminNode = await signInNode(server.url, 'ada', ADMIN_PASSWORD);
    advocate = await inviteMember(server.url, adminNode, 'avery', 'an advocate passphrase');
    advocateSocket = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    // A member who joined but was not granted yet: the new key must be sealed to them as well (the server insists).
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'supervisor' }, adminNode.session.token);
    samId = (await acceptInvite(server.url, invite.body.inviteToken, 'sam', 'a supervisor passphrase', 'Sam Supervisor')).body.me.id;

    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    await admin.goto(`${server.url}/staff/#staff`);
    await signInToConsole(admin, 'ada', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    advocateSocket?.close();
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const members = async () => (await getJson<StaffList>(`${server.url}/api/staff/members`, adminNode.session.token)).body;
  const grantsOf = async (epoch: number) =>
    (await ts.store.db.selectFrom('key_grants').select('staff_id').where('epoch', '=', epoch).execute()).map((r) => r.staff_id).sort();
  const publicKeyOf = async (epoch: number) =>
    (await ts.store.db.selectFrom('program_keys').select('public_key').where('epoch', '=', epoch).executeTakeFirstOrThrow()).public_key;

  it('offers to deactivate everyone but yourself, and says what it does first', async () => {
    await admin.getByRole('heading', { name: 'Members' }).waitFor();
    await admin.getByRole('button', { name: 'Deactivate Avery Advocate', exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Deactivate Sam Supervisor', exact: true }).waitFor();
    expect(await admin.getByRole('button', { name: 'Deactivate Ada Admin' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Deactivate Avery Advocate', exact: true }).click();
    const confirm = admin.getByRole('button', { name: 'Confirm: deactivate Avery Advocate' });
    await confirm.waitFor();
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    const warning = await admin.locator(`#${await confirm.getAttribute('aria-describedby')}`).textContent();
    expect(warning).toContain('they are signed out everywhere');
    expect(warning).toContain('That includes Sam Supervisor, who has not been granted access yet');
    await screenshot(admin, 'console-deactivate-confirm');
  });

  it('deactivates the advocate and makes a new program key epoch in the browser', async () => {
    await admin.getByRole('button', { name: 'Confirm: deactivate Avery Advocate' }).click();
    const shown = admin.getByText('New program key fingerprint:');
    await shown.waitFor({ timeout: 30_000 });
    const fingerprint = await lc.fingerprint(await publicKeyOf(2));
    expect(await shown.locator('code').textContent()).toBe(fingerprint);
    // The header follows: this console now works on the new epoch.
    await admin.locator('.program-key').getByText(fingerprint).waitFor();
    const avery = admin.getByRole('row').filter({ hasText: 'avery' });
    await avery.getByText('Deactivated').waitFor();
    expect(await avery.getAttribute('class')).toBe('inactive');
    expect(await admin.getByRole('alert').count()).toBe(0);
    await screenshot(admin, 'console-deactivated');
  });

  it('ended the advocate at once: socket closed, token refused', async () => {
    expect((await advocateSocket.closed).code).toBe(1008);
    expect((await fetch(`${server.url}/api/staff/me`, { headers: { authorization: `Bearer ${advocate.session.token}` } })).status).toBe(401);
  });

  it('sealed the new epoch to the members who held the old one, not to the advocate nor to a member awaiting a fingerprint check', async () => {
    const list = await members();
    expect(list.epoch).toBe(2);
    expect(list.rotationOwed).toBe(false);
    expect(list.members.find((m) => m.username === 'avery')).toMatchObject({ active: false, granted: false });
    // The pending member gets the new key the usual way, after an admin compares fingerprints.
    expect(list.members.find((m) => m.id === samId)).toMatchObject({ active: true, granted: false });
    expect(await grantsOf(2)).toEqual([adminNode.session.me.id]);
    expect(await grantsOf(2)).not.toContain(advocate.session.me.id);
  });

  it('a conversation started afterwards opens with the new key only: not with the key the advocate kept', async () => {
    const participant = await startV2Participant(server.url);
    expect(participant.started.programKey.epoch).toBe(2);
    const conversationId = participant.started.conversationId;
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    participant.answerOn(socket);
    await sendText(socket, participant.keys, 'participant', SENTENCE);
    await socket.next((f) => f.type === 'ack');

    // The secret the participant's page hands to a device opens only with the new epoch's key, not with the copy the advocate kept.
    const device = await lc.generateKeyPair();
    const deviceKey = await lc.exportPublicKey(device.publicKey);
    const grant = await participant.grantTo(deviceKey);
    const holder = await lc.importPublicKey(participant.participantKey);
    const parties = { conversationId, fromPublic: participant.participantKey, toPublic: deviceKey };
    await expect(lc.openSecretGrant(grant, advocate.programPrivate.get(1)!, holder, device.privateKey, holder, parties)).rejects.toThrow();
    const adminNow = await signInNode(server.url, 'ada', ADMIN_PASSWORD);
    expect(await lc.openSecretGrant(grant, adminNow.programPrivate.get(2)!, holder, device.privateKey, holder, parties)).toEqual(participant.secret);

    // And the console that made the key reads it without signing in again.
    await admin.getByRole('link', { name: 'Conversations' }).click();
    await admin.getByRole('button', { name: 'Answer' }).click();
    await admin.getByRole('log', { name: 'Conversation' }).getByText(SENTENCE, { exact: true }).waitFor();
    expect(await admin.getByText('This message could not be opened.').count()).toBe(0);
    socket.close();
  });

  it('keeps a failed rotation on screen, across a reload, until "Rotate now" succeeds', async () => {
    await admin.route('**/api/admin/program-keys', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"The database is not answering."}' }));
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByRole('button', { name: 'Deactivate Sam Supervisor', exact: true }).click();
    await admin.getByRole('button', { name: 'Confirm: deactivate Sam Supervisor' }).click();
    const warning = admin.getByRole('alert').filter({ hasText: 'The program key was not rotated.' });
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.textContent()).toContain('The database is not answering.');
    expect((await members()).epoch).toBe(2);
    await admin.unroute('**/api/admin/program-keys');

    // Still there on every screen, and after a reload (read back from the audit log).
    await admin.getByRole('link', { name: 'Program' }).click();
    await warning.waitFor();
    await admin.reload();
    await signInToConsole(admin, 'ada', ADMIN_PASSWORD);
    await warning.waitFor();
    await screenshot(admin, 'console-rotation-failed');

    await warning.getByRole('button', { name: 'Rotate now' }).click();
    await warning.waitFor({ state: 'detached', timeout: 30_000 });
    await admin.getByText('New program key fingerprint:').waitFor();
    expect((await members()).epoch).toBe(3);
    expect(await grantsOf(3)).toEqual([adminNode.session.me.id]);
  });
});
