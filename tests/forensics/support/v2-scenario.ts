import { sql } from 'kysely';
import * as lc from '@lantern/crypto';
import type { CodeWordIssued, InterpreterInvited, MessageFrame, TransferNotes } from '@lantern/protocol';
import { CODE_WORD_KIND } from '@lantern/protocol/code-word-text';
import { PRE_CHAT_KIND } from '@lantern/protocol/pre-chat';
import type { Store } from '../../../apps/server/src/store/db';
import { answerSms, eventually, staffSend, textIn, type Frame, type SmsHarness } from '../../../apps/server/test/sms-harness';
import { FrameSocket, postJson, requestConversationKeys, sendText, startV2Participant } from '../../../apps/server/test/support/clients';
import type { Secrets } from '../../../tools/forensics/secrets';
import { CODE_WORD, PHONE, scenarioServer, SENTINELS } from './v1-scenario';

/**
 * The same conversations as v1-scenario.ts, had with protocol v2 clients (the participant's
 * secret handed to staff devices through the server, as the pages do), plus a pre-chat answer, a
 * code-word exchange and an interpreter; every one closed, then a CHECKPOINT. Returns every
 * long-term secret of the run.
 */

export const V2_SENTINELS = {
  ...SENTINELS,
  preChat: 'Pre-chat sentinel: I am safe until six',
  interpreter: 'Interpreter sentinel: je traduis pour vous',
};
type Message = Frame<'message'>;

export async function runClosedV2Conversations(store: Store): Promise<Secrets> {
  const { api, server, admin, advocate, everything, close } = await scenarioServer(store);
  const sockets: FrameSocket[] = [];
  try {
    const staff = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    const adminSocket = await FrameSocket.connect(server.wsUrl, admin.session.token);
    sockets.push(staff, adminSocket);

    /** A web chat answered by `holder`, with the secret handed over as the console gets it. */
    const answered = async (holder: FrameSocket, holderKeys: typeof advocate) => {
      const p = await startV2Participant(server.url);
      const id = p.started.conversationId;
      const participant = await FrameSocket.connect(server.wsUrl, p.started.token);
      sockets.push(participant);
      p.answerOn(participant);
      holder.send({ type: 'claim', conversationId: id });
      const summary = (await holder.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'))).conversations.find((c) => c.id === id)!;
      holder.send({ type: 'sync', conversationId: id, afterSeq: 0 });
      return { p, id, participant, keys: await requestConversationKeys(holder, holderKeys, summary) };
    };
    const delivered = async (socket: FrameSocket, clientIds: string[]) => {
      for (const clientId of clientIds) await socket.next<Message>((f) => f.type === 'message' && f.clientId === clientId);
    };
    const structured = async (socket: FrameSocket, keys: lc.ConversationKeys, sender: lc.Sender, kind: string, text: string) => {
      const clientId = crypto.randomUUID();
      const body = await lc.encryptMessage(keys, sender, clientId, { text, kind });
      socket.send({ type: 'send', conversationId: keys.conversationId, clientId, body });
      return { clientId };
    };

    // Two web conversations: the participant closes the first (with a pre-chat answer, a code word and an interpreter), the advocate the second.
    for (const closer of ['participant', 'advocate'] as const) {
      const { p, id, participant, keys } = await answered(staff, advocate);
      const sent = [
        await structured(participant, p.keys, 'participant', PRE_CHAT_KIND, JSON.stringify({ answers: [V2_SENTINELS.preChat] })),
        await sendText(participant, p.keys, 'participant', SENTINELS.latin),
        await sendText(participant, p.keys, 'participant', SENTINELS.arabic),
        await sendText(staff, keys, 'staff', SENTINELS.chinese),
      ];
      await delivered(staff, sent.map((m) => m.clientId));
      if (closer === 'participant') {
        // A code word: issued in the conversation, set by the page (sealed to the program key: kept on purpose), asked and answered end to end.
        const issued = await postJson<CodeWordIssued>(`${server.url}/api/code-words`, { conversationId: id }, advocate.session.token);
        await delivered(staff, [(await structured(staff, keys, 'staff', CODE_WORD_KIND.issue, JSON.stringify({ reference: issued.body.reference }))).clientId]);
        const sealed = await lc.sealCodeWord(await lc.importPublicKey(p.started.programKey.publicKey), issued.body.reference, CODE_WORD);
        const set = await postJson(`${server.url}/api/code-words/set`, { reference: issued.body.reference, setToken: issued.body.setToken, token: p.started.token, epoch: 1, sealed });
        if (set.status !== 204) throw new Error(`code word not set: ${set.status} ${JSON.stringify(set.body)}`);
        await delivered(staff, [(await structured(participant, p.keys, 'participant', CODE_WORD_KIND.answer, CODE_WORD)).clientId]);

        // An interpreter: the link's keys come from the secret and never reach the server; admitted by the participant's yes.
        const invited = await postJson<InterpreterInvited>(`${server.url}/api/conversations/${id}/interpreter`, {}, advocate.session.token);
        const redeemed = await postJson<{ sessionToken: string }>(`${server.url}/api/interpreter/redeem`, { token: invited.body.token });
        const interpreter = await FrameSocket.connect(server.wsUrl);
        sockets.push(interpreter);
        interpreter.send({ type: 'auth', token: redeemed.body.sessionToken });
        await participant.next((f) => f.type === 'interpreter' && f.state === 'asking');
        participant.send({ type: 'consent', conversationId: id, accept: true });
        await interpreter.next((f) => f.type === 'ready');
        interpreter.send({ type: 'sync', conversationId: id, afterSeq: 0 });
        const linkKeys = await lc.importInterpreterKeys(id, await lc.exportInterpreterKeys(await lc.deriveMessageKeys(p.secret, id, true)));
        await delivered(staff, [(await sendText(interpreter, linkKeys, 'interpreter', V2_SENTINELS.interpreter)).clientId]);
      }
      (closer === 'participant' ? participant : staff).send({ type: 'close', conversationId: id });
      await staff.next((f) => f.type === 'closed' && f.conversationId === id);
    }

    // One the admin answers and transfers to the advocate with a note (under the secret, then to the advocate's key).
    const { p, id, participant } = await answered(adminSocket, admin);
    const before = await sendText(participant, p.keys, 'participant', SENTINELS.latin);
    await participant.next((f) => f.type === 'ack' && f.clientId === before.clientId);
    const note = await lc.sealTransferNote(p.secret, id, advocate.session.me.id, await lc.importPublicKey(advocate.session.me.publicKey), new TextEncoder().encode(SENTINELS.note));
    const transferred = await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: advocate.session.me.id, note }, admin.session.token);
    if (transferred.status !== 204) throw new Error(`transfer failed: ${transferred.status} ${JSON.stringify(transferred.body)}`);
    const taken = await postJson<TransferNotes>(`${server.url}/api/transfers/notes/open`, {}, advocate.session.token);
    if (taken.body.notes.length !== 1) throw new Error('the transfer note was not handed over');
    staff.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    await staff.next((f) => f.type === 'message' && f.conversationId === id);
    staff.send({ type: 'close', conversationId: id });
    await staff.next((f) => f.type === 'closed' && f.conversationId === id);

    // One text conversation, answered, opened through the key exchange, replied to, closed by the advocate.
    const h = { server, api, admin, advocate } as unknown as SmsHarness;
    await textIn(h, PHONE, SENTINELS.sms);
    const summary = await answerSms(h, staff);
    const textKeys = await requestConversationKeys(staff, advocate, summary);
    const inbound = await staff.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === summary.id && f.sender === 'participant');
    if ((await lc.decryptMessage(textKeys, 'participant', inbound.clientId, inbound.body)).text !== SENTINELS.sms) throw new Error('the text did not open');
    await staffSend(h, advocate, summary.id, SENTINELS.latin);
    await staff.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === summary.id && f.sender === 'staff');
    staff.send({ type: 'close', conversationId: summary.id });
    await staff.next((f) => f.type === 'closed' && f.conversationId === summary.id);
    await eventually(async () => (await store.db.selectFrom('sms_conversations').select('id').execute()).length === 0);
    await eventually(async () => (await store.db.selectFrom('conversations').select('id').execute()).length === 0);
  } finally {
    for (const socket of sockets) socket.close();
    await close();
  }
  await sql`checkpoint`.execute(store.db);
  return everything;
}
