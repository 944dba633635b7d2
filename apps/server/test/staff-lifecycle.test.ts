import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { acceptInvite, FrameSocket, getJson, inviteMember, postJson, sendText, setupAdmin, signIn, staffKeysFor, startParticipant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

type Members = { epoch: number; rotationOwed: boolean; members: Array<{ id: string; active: boolean; publicKey: string; granted: boolean }> };

/** Removing a staff member ends their access at once and starts a new program key epoch that excludes them. */
describe.each(await availableBackends())('deactivation and key rotation on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let leaving: StaffKeys;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    await inviteMember(server.url, admin, 'stays', 'a staying password');
    leaving = await inviteMember(server.url, admin, 'leaves', 'a leaving password');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('closes their socket, refuses their token, and puts their conversation back in the queue', async () => {
    const participant = await startParticipant(server.url);
    const conversationId = participant.started.conversationId;
    const socket = await FrameSocket.connect(server.wsUrl, leaving.session.token);
    const participantSocket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    socket.send({ type: 'claim', conversationId });
    const answered = await participantSocket.next((f) => f.type === 'conversation' && f.status === 'active');

    expect((await postJson(`${server.url}/api/staff/members/${admin.session.me.id}/deactivate`, {}, admin.session.token)).status).toBe(409);
    const reply = await postJson<{ epoch: number }>(`${server.url}/api/staff/members/${leaving.session.me.id}/deactivate`, {}, admin.session.token);
    expect(reply).toEqual({ status: 200, body: { epoch: 1 } });
    expect((await socket.closed).code).toBe(1008);
    expect((await getJson(`${server.url}/api/staff/me`, leaving.session.token)).status).toBe(401);
    await expect(signIn(server.url, 'leaves', 'a leaving password')).rejects.toThrow(/401/);
    const afterAnswer = (f: ServerFrame) => participantSocket.frames.indexOf(f) > participantSocket.frames.indexOf(answered);
    await participantSocket.next((f) => f.type === 'conversation' && f.status === 'waiting' && afterAnswer(f));
    const row = await ts.store.db.selectFrom('conversations').select(['status', 'assigned_to']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'waiting', assigned_to: null });
    participantSocket.send({ type: 'close', conversationId });
    await participantSocket.next((f) => f.type === 'closed');
  });

  it('starts a new epoch granted to the remaining members only, which the old key cannot open', async () => {
    // A member who joined but has not been granted yet waits for the usual fingerprint check.
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    const pending = (await acceptInvite(server.url, invite.body.inviteToken, 'pending', 'a pending password')).body.me;
    const members = await getJson<Members>(`${server.url}/api/staff/members`, admin.session.token);
    expect(members.body.rotationOwed).toBe(true);
    const active = members.body.members.filter((m) => m.active && m.granted);
    expect(active.map((m) => m.id)).not.toContain(pending.id);
    expect(active.map((m) => m.id)).not.toContain(leaving.session.me.id);
    const next = await lc.generateKeyPair(true);
    const grantFor = async (m: { id: string; publicKey: string }) => ({
      staffId: m.id,
      sealed: await lc.sealPrivateKey(next.privateKey, await lc.importPublicKey(m.publicKey), lc.programKeyContext(2)),
    });
    const publicKey = await lc.exportPublicKey(next.publicKey);
    const grants = await Promise.all(active.map(grantFor));
    // Grants go only to active members who hold the current key: not the one who left, nor one still waiting, nor twice.
    // (Fewer is allowed: an admin's browser leaves out a member whose key it cannot vouch for, crypto/attestation.ts.)
    const leaver = members.body.members.find((m) => m.id === leaving.session.me.id)!;
    expect((await postJson(`${server.url}/api/admin/program-keys`, { epoch: 2, publicKey, grants: [...grants, await grantFor(leaver)] }, admin.session.token)).status).toBe(409);
    expect((await postJson(`${server.url}/api/admin/program-keys`, { epoch: 2, publicKey, grants: [...grants, await grantFor(pending)] }, admin.session.token)).status).toBe(409);
    expect((await postJson(`${server.url}/api/admin/program-keys`, { epoch: 2, publicKey, grants: [...grants, grants[0]!] }, admin.session.token)).status).toBe(409);
    expect((await postJson(`${server.url}/api/admin/program-keys`, { epoch: 3, publicKey, grants }, admin.session.token)).status).toBe(409);
    expect((await postJson(`${server.url}/api/admin/program-keys`, { epoch: 2, publicKey, grants }, admin.session.token)).status).toBe(201);

    const after = await getJson<Members>(`${server.url}/api/staff/members`, admin.session.token);
    expect(after.body.epoch).toBe(2);
    expect(after.body.rotationOwed).toBe(false);
    const grantRows = await ts.store.db.selectFrom('key_grants').select(['staff_id']).where('epoch', '=', 2).execute();
    expect(grantRows.map((r) => r.staff_id).sort()).toEqual(active.map((m) => m.id).sort());

    // A conversation started now uses epoch 2: the leaver's epoch-1 key derives the wrong keys.
    const participant = await startParticipant(server.url);
    expect(participant.started.programKey.epoch).toBe(2);
    const summary = { id: participant.started.conversationId, epoch: 1, participantKey: await participantPublicKey(participant.started.conversationId) };
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const { clientId, body } = await sendText(socket, participant.keys, 'participant', 'for the new key only');
    await socket.next((f) => f.type === 'ack');
    const oldKeys = await staffKeysFor(leaving, summary);
    await expect(lc.decryptMessage(oldKeys, 'participant', clientId, body)).rejects.toThrow();
    const adminNow = await signIn(server.url, 'admin', 'correct horse battery');
    const newKeys = await staffKeysFor(adminNow, { ...summary, epoch: 2 });
    expect((await lc.decryptMessage(newKeys, 'participant', clientId, body)).text).toBe('for the new key only');
    socket.send({ type: 'close', conversationId: participant.started.conversationId });
    await socket.next((f) => f.type === 'closed');
  });

  async function participantPublicKey(conversationId: string): Promise<string> {
    const row = await ts.store.db.selectFrom('conversations').select('participant_key').where('id', '=', conversationId).executeTakeFirstOrThrow();
    return row.participant_key!;
  }
});
