import { sql } from 'kysely';
import * as lc from '@lantern/crypto';
import { transferNoteContext, type CodeWordIssued, type MessageFrame, type TransferNotes } from '@lantern/protocol';
import { FakeProviderApi } from '../../../tools/sms-sim/fake-api';
import type { Store } from '../../../apps/server/src/store/db';
import { answerSms, eventually, PUBLIC_URL, staffSend, textIn, TWILIO, type Frame, type SmsHarness } from '../../../apps/server/test/sms-harness';
import { FrameSocket, inviteMember, postJson, sendText, setupAdmin, signIn, staffKeysFor, startParticipant, totpSecretFor } from '../../../apps/server/test/support/clients';
import { startServer } from '../../../apps/server/test/support/server';
import type { Secrets } from '../../../tools/forensics/secrets';

/**
 * Conversations as people have them on today's server, every one closed the way participants and
 * advocates close them, then a CHECKPOINT: what a copy of the data directory holds afterwards.
 */

export const SENTINELS = {
  latin: 'Sentinel Latin: Marguerite walks the harbour path at dusk.',
  arabic: 'الحارس العربي: مرغريت تمشي على طريق الميناء عند الغسق',
  chinese: '中文哨兵：玛格丽特黄昏时走在港口小路上',
  sms: 'Sentinel SMS: the blue door on Quay Street opens at nine.',
  note: 'Transfer note sentinel: safety plan agreed — خطة الأمان 安全计划',
};
export const PHONE = '+15555550183';
export const CODE_WORD = 'lighthouse';
export const ADVOCATE = { username: 'avery', password: 'advocate password 1' };
const ADMIN = { username: 'admin', password: 'correct horse battery' };

export interface ScenarioSecrets {
  /** One advocate's password: all an attacker with one account needs on v1. */
  oneStaff: Secrets;
  /** Every long-term secret of the run: passwords, TOTP secrets, the program key, every setting. */
  everything: Secrets;
}

type Message = Frame<'message'>;

/** The server of a scenario: a fake SMS provider, the admin and one advocate, and every long-term secret of the run. */
export async function scenarioServer(store: Store) {
  const api = new FakeProviderApi({ twilio: TWILIO, telnyx: { apiKey: 'KEYtelnyx' }, vonage: { apiKey: 'k', apiSecret: 's' } });
  const apiUrl = await api.start();
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_FROM: TWILIO.from,
    TWILIO_API_BASE: apiUrl,
    SMS_PROVIDER: 'twilio',
  });
  const server = await startServer(store, { publicUrl: PUBLIC_URL, programName: 'Harbor Line' });
  await setupAdmin(server.url, server.setupToken, ADMIN.username, ADMIN.password);
  const admin = await signIn(server.url, ADMIN.username, ADMIN.password);
  const advocate = await inviteMember(server.url, admin, ADVOCATE.username, ADVOCATE.password);
  const everything: Secrets = {
    staff: [ADMIN, ADVOCATE].map((s) => ({ ...s, totpSecret: totpSecretFor(server.url, s.username) })),
    // The admin's copy of the program key is extractable (it seals grants).
    programKeys: [{ epoch: 1, privateKeyPkcs8: Buffer.from(await crypto.subtle.exportKey('pkcs8', admin.programPrivate.get(1)!)).toString('base64url') }],
    settings: { TWILIO_AUTH_TOKEN: TWILIO.authToken },
  };
  const close = async () => {
    await server.close();
    await api.close();
  };
  return { api, server, admin, advocate, everything, close };
}

export async function runClosedConversations(store: Store): Promise<ScenarioSecrets> {
  const { api, server, admin, advocate, everything, close } = await scenarioServer(store);
  const sockets: FrameSocket[] = [];
  try {
    const staff = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    sockets.push(staff);

    // Two web conversations: the participant closes the first, the advocate the second.
    for (const closer of ['participant', 'advocate'] as const) {
      const p = await startParticipant(server.url);
      const id = p.started.conversationId;
      const participant = await FrameSocket.connect(server.wsUrl, p.started.token);
      sockets.push(participant);
      staff.send({ type: 'claim', conversationId: id });
      const summary = (await staff.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'))).conversations.find((c) => c.id === id)!;
      staff.send({ type: 'sync', conversationId: id, afterSeq: 0 });
      const keys = await staffKeysFor(advocate, summary);
      const sent = [await sendText(participant, p.keys, 'participant', SENTINELS.latin), await sendText(participant, p.keys, 'participant', SENTINELS.arabic), await sendText(staff, keys, 'staff', SENTINELS.chinese)];
      for (const { clientId } of sent) await staff.next<Message>((f) => f.type === 'message' && f.clientId === clientId);
      if (closer === 'participant') {
        // A code word for next time: the advocate issues a reference, the page seals the word to the program key.
        const issued = await postJson<CodeWordIssued>(`${server.url}/api/code-words`, { conversationId: id }, advocate.session.token);
        const sealed = await lc.sealCodeWord(await lc.importPublicKey(p.started.programKey.publicKey), issued.body.reference, CODE_WORD);
        const set = await postJson(`${server.url}/api/code-words/set`, { reference: issued.body.reference, setToken: issued.body.setToken, token: p.started.token, epoch: 1, sealed });
        if (set.status !== 204) throw new Error(`code word not set: ${set.status}`);
      }
      (closer === 'participant' ? participant : staff).send({ type: 'close', conversationId: id });
      await staff.next((f) => f.type === 'closed' && f.conversationId === id);
    }

    // One the admin answers and transfers to the advocate with a note, which the advocate takes and closes.
    const adminSocket = await FrameSocket.connect(server.wsUrl, admin.session.token);
    sockets.push(adminSocket);
    const p = await startParticipant(server.url);
    const id = p.started.conversationId;
    const participant = await FrameSocket.connect(server.wsUrl, p.started.token);
    sockets.push(participant);
    adminSocket.send({ type: 'claim', conversationId: id });
    await adminSocket.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'));
    const before = await sendText(participant, p.keys, 'participant', SENTINELS.latin);
    await participant.next((f) => f.type === 'ack' && f.clientId === before.clientId);
    const note = await lc.seal(await lc.importPublicKey(advocate.session.me.publicKey), new TextEncoder().encode(SENTINELS.note), transferNoteContext(id, advocate.session.me.id));
    const transferred = await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: advocate.session.me.id, note }, admin.session.token);
    if (transferred.status !== 204) throw new Error(`transfer failed: ${transferred.status} ${JSON.stringify(transferred.body)}`);
    const taken = await postJson<TransferNotes>(`${server.url}/api/transfers/notes/open`, {}, advocate.session.token);
    if (taken.body.notes.length !== 1) throw new Error('the transfer note was not handed over');
    staff.send({ type: 'close', conversationId: id });
    await staff.next((f) => f.type === 'closed' && f.conversationId === id);

    // One text conversation, answered, replied to, closed by the advocate.
    const h = { server, api, admin, advocate } as unknown as SmsHarness;
    await textIn(h, PHONE, SENTINELS.sms);
    const summary = await answerSms(h, staff);
    await staff.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === summary.id && f.sender === 'participant');
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
  return { oneStaff: { staff: [ADVOCATE], programKeys: [] }, everything };
}
