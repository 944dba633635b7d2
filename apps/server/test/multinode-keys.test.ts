import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { MessageFrame, ServerFrame } from '@lantern/protocol';
import { FrameSocket, requestConversationKeys, sendText, signIn, startV2Participant, type StaffKeys } from './support/clients';
import { freshDatabase, scaleOutAvailable, startNodes, type InProcessNode } from './support/scale-out';

/*
 * Protocol v2 across nodes: the participant's page on node A, the advocate's tab on node B. The
 * key request and the grant cross through Redis in memory only; after node A goes, the participant
 * reconnects to B and a second tab (a reload) gets the secret again.
 */
type Queue = Extract<ServerFrame, { type: 'queue' }>;

describe.runIf(await scaleOutAvailable())('the conversation secret across two nodes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let nodes: InProcessNode[] = [];
  let admin: StaffKeys;

  beforeAll(async () => {
    database = await freshDatabase();
    nodes = await startNodes(2, database);
    admin = await signIn(nodes[0]!.url, 'admin', 'correct horse battery');
  });
  afterAll(async () => {
    for (const node of nodes) await node.close().catch(() => {});
    await database?.drop();
  });

  it('reaches a tab on another node, and again after the participant’s node went', async () => {
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    const participant = await startV2Participant(a.url);
    const id = participant.started.conversationId;
    const onA = await FrameSocket.connect(a.wsUrl, participant.started.token);
    participant.answerOn(onA);
    const staff = await FrameSocket.connect(b.wsUrl, admin.session.token);
    staff.send({ type: 'claim', conversationId: id });
    const summary = (await staff.next<Queue>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'))).conversations.find((c) => c.id === id)!;
    staff.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const keys = await requestConversationKeys(staff, admin, summary);
    const { clientId } = await sendText(onA, participant.keys, 'participant', 'مرحبا from node A');
    const message = await staff.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
    expect((await lc.decryptMessage(keys, 'participant', clientId, message.body)).text).toBe('مرحبا from node A');

    // Node A goes; the page reconnects to B with the secret it holds, and a reloaded tab asks again.
    onA.close();
    await a.close();
    const onB = await FrameSocket.connect(b.wsUrl, participant.started.token);
    participant.answerOn(onB);
    const reloaded = await FrameSocket.connect(b.wsUrl, admin.session.token);
    reloaded.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const again = await requestConversationKeys(reloaded, admin, summary);
    const earlier = await reloaded.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
    expect((await lc.decryptMessage(again, 'participant', clientId, earlier.body)).text).toBe('مرحبا from node A');
    staff.close();
    reloaded.close();
    onB.send({ type: 'close', conversationId: id });
    await onB.next((f) => f.type === 'closed');
  });
});
