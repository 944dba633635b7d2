import { afterEach, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { ServerFrame } from '@lantern/protocol';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, requestConversationKeys, setupAdmin, signIn, startV2Participant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

/*
 * Retention above 0 is an explicit escrow (issue 11): the holder's console seals the conversation
 * secret to the program key, and the server keeps it until the purge. With retention 0 nothing is
 * asked for and the server refuses one.
 */
type Queue = Extract<ServerFrame, { type: 'queue' }>;

describe('the retention escrow', () => {
  let ts: TestStore;
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
    await ts?.dispose();
  });

  async function answered(retentionDays: number) {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { retentionDays });
    await setupAdmin(server.url, server.setupToken);
    const admin: StaffKeys = await signIn(server.url, 'admin', 'correct horse battery');
    const staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
    const participant = await startV2Participant(server.url);
    const id = participant.started.conversationId;
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    participant.answerOn(socket);
    staff.send({ type: 'claim', conversationId: id });
    const queue = await staff.next<Queue>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'));
    const summary = queue.conversations.find((c) => c.id === id)!;
    staff.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    await requestConversationKeys(staff, admin, summary);
    return { admin, staff, participant, id, summary, socket };
  }

  it('is asked of the holder when the program keeps conversations, and reopens a closed one with the program key', async () => {
    const { admin, staff, participant, id, summary, socket } = await answered(30);
    expect(summary.escrowWanted).toBe(true);
    const sealed = await lc.sealEscrow(participant.secret, id, await lc.importPublicKey(participant.started.programKey.publicKey));
    staff.send({ type: 'escrow', conversationId: id, sealed });
    staff.send({ type: 'ping' });
    await staff.next((f) => f.type === 'pong');
    const kept = await ts.store.db.selectFrom('conversations').select('escrow').where('id', '=', id).executeTakeFirstOrThrow();
    expect(kept.escrow).toBe(sealed);
    socket.send({ type: 'close', conversationId: id });
    await staff.next((f) => f.type === 'closed' && f.conversationId === id);
    // Closed, kept until the purge: the program key opens the secret, as the Program screen says.
    const row = await ts.store.db.selectFrom('conversations').select(['status', 'escrow']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
    expect(await lc.openEscrow(row.escrow!, id, admin.programPrivate.get(1)!)).toEqual(participant.secret);
  });

  it('is never asked for nor kept when the program keeps nothing (retention 0)', async () => {
    const { staff, participant, id, summary } = await answered(0);
    expect(summary.escrowWanted).toBeUndefined();
    const sealed = await lc.sealEscrow(participant.secret, id, await lc.importPublicKey(participant.started.programKey.publicKey));
    staff.send({ type: 'escrow', conversationId: id, sealed });
    expect(await staff.next((f) => f.type === 'error' && f.ref === 'escrow')).toMatchObject({ code: 'forbidden' });
    const row = await ts.store.db.selectFrom('conversations').select('escrow').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.escrow).toBeNull();
  });
});
