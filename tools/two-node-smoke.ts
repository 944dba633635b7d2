/**
 * `tsx tools/two-node-smoke.ts SETUP_URL OTHER_URL`: one participant conversation across two running
 * Lantern nodes (the container smoke test, .ci/container-smoke). SETUP_URL is the one-time setup link
 * the node printed; the admin answers there, the participant chats on the other node, and each
 * side must decrypt what the other sent.
 */
import * as lc from '@lantern/crypto';
import type { MessageFrame, ServerFrame } from '@lantern/protocol';
import { FrameSocket, sendText, setupAdmin, signIn, staffKeysFor, startParticipant } from '../apps/server/test/support/clients';

const [setupLink, otherUrl] = process.argv.slice(2);
if (!setupLink || !otherUrl) throw new Error('usage: tsx tools/two-node-smoke.ts SETUP_URL OTHER_URL');
const setup = new URL(setupLink);
const staffUrl = setup.origin;
const token = /#setup=([A-Za-z0-9_-]+)/.exec(setup.hash)?.[1];
if (!token) throw new Error(`not a setup link: ${setupLink}`);
const ws = (url: string) => `${url.replace(/^http/, 'ws')}/ws`;

const made = await setupAdmin(staffUrl, token, 'admin', 'correct horse battery');
if (made.status !== 201) throw new Error(`setup failed: ${made.status}`);
const admin = await signIn(staffUrl, 'admin', 'correct horse battery');

const participant = await startParticipant(otherUrl);
const conversationId = participant.started.conversationId;
const p = await FrameSocket.connect(ws(otherUrl), participant.started.token);
const staff = await FrameSocket.connect(ws(staffUrl), admin.session.token);
const queue = await staff.next<Extract<ServerFrame, { type: 'queue' }>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId));
staff.send({ type: 'claim', conversationId });
await p.next((f: ServerFrame) => f.type === 'conversation' && f.status === 'active');
const staffKeys = await staffKeysFor(admin, queue.conversations.find((c) => c.id === conversationId)!);
staff.send({ type: 'sync', conversationId, afterSeq: 0 });

const ask = await sendText(p, participant.keys, 'participant', 'مرحبا — hello across nodes');
const heard = await staff.next<MessageFrame>((f) => f.type === 'message' && f.clientId === ask.clientId);
const answer = await sendText(staff, staffKeys, 'staff', '你好, नमस्ते');
const replied = await p.next<MessageFrame>((f) => f.type === 'message' && f.clientId === answer.clientId);
const texts = [
  (await lc.decryptMessage(staffKeys, 'participant', heard.clientId, heard.body)).text,
  (await lc.decryptMessage(participant.keys, 'staff', replied.clientId, replied.body)).text,
];
p.close();
staff.close();
if (texts[0] !== 'مرحبا — hello across nodes' || texts[1] !== '你好, नमस्ते') throw new Error(`wrong texts: ${JSON.stringify(texts)}`);
process.stdout.write(`conversation ${staffUrl} (staff) <-> ${otherUrl} (participant): both messages delivered and decrypted\n`);
