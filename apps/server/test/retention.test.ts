import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetentionReply } from '@lantern/protocol';
import { buildApp } from '../src/app';
import { localBus } from '../src/bus/local';
import type { Sweeper } from '../src/jobs/sweeper';
import { createLogger } from '../src/log';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, getJson, inviteMember, sendText, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { testConfig } from './support/server';

const backends = await availableBackends();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Retention as a program setting: an admin picks the days on the Program screen, and every close
 * after that (by a person or by the inactivity sweep) reads it; the purge runs on a fake clock.
 */
describe.each(backends)('retention on %s', (backend) => {
  let ts: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>['app'];
  let sweeper: Sweeper;
  let url = '';
  let wsUrl = '';
  let admin: StaffKeys;
  let advocate: StaffKeys;
  // Starts at the real time: rows the database stamps (a conversation's start) must not lie in the clock's future.
  let now = Date.now();
  const clock = () => new Date(now);

  beforeAll(async () => {
    ts = await openTestStore(backend);
    const config = testConfig({ retentionDays: 0 });
    const bus = localBus();
    const built = await buildApp({ config, store: ts.store, bus, logger: createLogger('warn'), clock });
    ({ app, sweeper } = built);
    app.addHook('onClose', async () => bus.close());
    await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
    const { port } = app.server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}/ws`;
    await setupAdmin(url, (await built.accounts.prepareSetup('Test'))!);
    admin = await signIn(url, 'admin', 'correct horse battery');
    advocate = await inviteMember(url, admin, 'avery', 'advocate password 1');
  });

  afterAll(async () => {
    await app?.close();
    await ts?.dispose();
  });

  const putRetention = (days: unknown, token = admin.session.token) =>
    fetch(`${url}/api/admin/retention`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ days }) });
  const stored = async (id: string) => ({
    conversation: await ts.store.db.selectFrom('conversations').select(['status', 'purge_at']).where('id', '=', id).executeTakeFirst(),
    messages: (await ts.store.db.selectFrom('messages').select('body').where('conversation_id', '=', id).execute()).length,
  });

  /** Sessions run on the same fake clock and lapse when it jumps days: sign in anew. */
  const freshSessions = async () => {
    admin = await signIn(url, 'admin', 'correct horse battery');
    advocate = await signIn(url, 'avery', 'advocate password 1');
  };

  /** A web chat the advocate answers, with one message from the participant. */
  async function chat() {
    await freshSessions();
    const participant = await startParticipant(url);
    const id = participant.started.conversationId;
    const socket = await FrameSocket.connect(wsUrl, participant.started.token);
    const staff = await FrameSocket.connect(wsUrl, advocate.session.token);
    staff.send({ type: 'claim', conversationId: id });
    await socket.next((f) => f.type === 'conversation' && f.status === 'active');
    await sendText(socket, participant.keys, 'participant', 'kept as ciphertext only');
    await socket.next((f) => f.type === 'ack');
    return { id, socket, staff };
  }

  /** A chat the participant closes: nothing of it is left, not even the row. */
  async function expectDeletedAtClose() {
    const { id, socket, staff } = await chat();
    socket.send({ type: 'close', conversationId: id });
    await socket.next((f) => f.type === 'closed');
    expect(await stored(id)).toEqual({ conversation: undefined, messages: 0 });
    socket.close();
    staff.close();
  }

  it('deletes at close by default (0), the RETENTION_DAYS setting until an admin chooses', async () => {
    expect((await getJson<RetentionReply>(`${url}/api/admin/retention`, admin.session.token)).body).toEqual({ days: 0, chosen: false });
    await expectDeletedAtClose();
  });

  it('keeps a closed conversation for the 2 days an admin set, then the purge deletes it', async () => {
    const set = await putRetention(2);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ days: 2, chosen: true });
    expect((await getJson<RetentionReply>(`${url}/api/admin/retention`, admin.session.token)).body).toEqual({ days: 2, chosen: true });
    const audit = await getJson<{ entries: Array<{ action: string; detail: unknown }> }>(`${url}/api/admin/audit`, admin.session.token);
    expect(audit.body.entries.find((e) => e.action === 'retention.changed')?.detail).toEqual({ days: 2, previous: 0 });

    const { id, socket, staff } = await chat();
    const closedAt = now;
    socket.send({ type: 'close', conversationId: id });
    await socket.next((f) => f.type === 'closed');
    const kept = await stored(id);
    expect(kept.conversation?.status).toBe('closed');
    expect(new Date(kept.conversation!.purge_at!).getTime()).toBe(closedAt + 2 * DAY);
    expect(kept.messages).toBe(1);

    now = closedAt + 2 * DAY - MINUTE;
    expect((await sweeper.run()).purged).toEqual([]);
    expect((await stored(id)).messages).toBe(1);
    now = closedAt + 2 * DAY + MINUTE;
    expect((await sweeper.run()).purged).toEqual([id]);
    expect(await stored(id)).toEqual({ conversation: undefined, messages: 0 });
    socket.close();
    staff.close();
  });

  it('applies the setting to conversations the inactivity sweep closes too', async () => {
    const { id, socket, staff } = await chat();
    const start = now;
    now = start + 11 * MINUTE;
    expect((await sweeper.run()).warned).toEqual([id]);
    now = start + 17 * MINUTE;
    expect((await sweeper.run()).closed).toEqual([id]);
    expect((await stored(id)).conversation?.status).toBe('closed');
    expect((await stored(id)).messages).toBe(1);
    now = start + 17 * MINUTE + 2 * DAY + MINUTE;
    expect((await sweeper.run()).purged).toEqual([id]);
    socket.close();
    staff.close();
  });

  it('back at 0, deletes the next conversation at close', async () => {
    await freshSessions();
    expect((await putRetention(0)).status).toBe(200);
    await expectDeletedAtClose();
  });

  it('takes 0 to 365 days from admins only', async () => {
    await freshSessions();
    for (const days of [-1, 366, 1.5, '7', null]) {
      const response = await putRetention(days);
      expect({ days, status: response.status }).toEqual({ days, status: 400 });
    }
    expect((await putRetention(365)).status).toBe(200);
    expect((await putRetention(3, advocate.session.token)).status).toBe(403);
    expect((await getJson(`${url}/api/admin/retention`, advocate.session.token)).status).toBe(403);
    expect((await getJson<RetentionReply>(`${url}/api/admin/retention`, admin.session.token)).body).toEqual({ days: 365, chosen: true });
  });
});
