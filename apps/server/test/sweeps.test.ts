import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { FrameSocket, sendText, signIn, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { freshDatabase, scaleOutAvailable, startNodes, type InProcessNode } from './support/scale-out';

const MINUTE = 60_000;

/**
 * Two nodes share PostgreSQL and sweep the same timer rows at the same moments of a fake clock:
 * each silent conversation is warned once and closed once, and each retained one purged once.
 */
describe.runIf(await scaleOutAvailable())('timer sweeps on two nodes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let nodes: InProcessNode[] = [];
  let admin: StaffKeys;
  // One fake clock for both nodes, as if their real clocks agreed (NTP).
  let now = Date.now();
  const clock = () => new Date(now);

  beforeAll(async () => {
    database = await freshDatabase();
    // Retention of one day, so the purge has something to do.
    nodes = await startNodes(2, database, { retentionDays: 1 }, clock);
    admin = await signIn(nodes[0]!.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it('warns, closes and purges each due conversation exactly once', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const staff = await FrameSocket.connect(a.wsUrl, admin.session.token);
    const participants: Array<{ p: Participant; socket: FrameSocket }> = [];
    for (let i = 0; i < 8; i++) {
      const p = await startParticipant((i % 2 ? b : a).url);
      const socket = await FrameSocket.connect((i % 2 ? b : a).wsUrl, p.started.token);
      staff.send({ type: 'claim', conversationId: p.started.conversationId });
      await socket.next((f) => f.type === 'conversation' && f.status === 'active');
      participants.push({ p, socket });
    }
    const start = now;
    // One participant keeps talking: their silence clock restarts, so they are not warned.
    const talker = participants[7]!;
    const sweepBoth = (at: number) => {
      now = at;
      return Promise.all([a.sweeper.run(), b.sweeper.run()]);
    };

    const early = await sweepBoth(start + 9 * MINUTE);
    expect(early.flatMap((r) => r.warned)).toEqual([]);

    await sendText(talker.socket, talker.p.keys, 'participant', 'still here');
    await talker.socket.next((f) => f.type === 'ack');
    const silent = participants.slice(0, 7).map(({ p }) => p.started.conversationId).sort();
    const warnedAt = start + 10 * MINUTE + 1000;
    const warnings = await sweepBoth(warnedAt);
    const warned = warnings.flatMap((r) => r.warned);
    expect([...warned].sort()).toEqual(silent);
    // Five minutes on, rounded up to the whole minute the warning names (jobs/inactivity-deadline.ts).
    const closesAt = Math.ceil((warnedAt + 5 * MINUTE) / MINUTE) * MINUTE;
    for (const { p, socket } of participants.slice(0, 7)) {
      const notice = await socket.next<Extract<ServerFrame, { notice: 'inactivity_warning' }>>((f) => f.type === 'notice');
      expect(notice.conversationId).toBe(p.started.conversationId);
      expect(Date.parse(notice.closesAt)).toBe(closesAt);
    }
    expect((await sweepBoth(warnedAt + MINUTE)).flatMap((r) => r.warned)).toEqual([]);
    expect((await sweepBoth(closesAt - 1)).flatMap((r) => r.closed)).toEqual([]);

    const closing = await sweepBoth(closesAt);
    const closed = closing.flatMap((r) => r.closed);
    expect([...closed].sort()).toEqual(silent);
    for (const { socket } of participants.slice(0, 7)) {
      await socket.next((f) => f.type === 'closed' && f.by === 'system' && f.silentMinutes === 15);
      expect(socket.frames.filter((f) => f.type === 'notice' || f.type === 'closed')).toHaveLength(2);
    }
    expect((await sweepBoth(closesAt + MINUTE)).flatMap((r) => r.closed)).toEqual([]);
    const stats = await a.store.db.selectFrom('conversation_stats').selectAll().execute();
    expect(stats.reduce((n, row) => n + row.started, 0)).toBe(7);
    // Kept for a day as ciphertext, readable by no one through the app, then purged once.
    const kept = await a.store.db.selectFrom('conversations').select('id').where('status', '=', 'closed').execute();
    expect(kept).toHaveLength(7);
    expect(talker.socket.frames.some((f) => f.type === 'notice')).toBe(false);

    const vacuums = async () => Number((await sql<{ n: string }>`select vacuum_count as n from pg_stat_user_tables where relname = 'messages'`.execute(a.store.db)).rows[0]!.n);
    const vacuumsBefore = await vacuums();
    const purging = await sweepBoth(start + 25 * 60 * MINUTE);
    expect([...purging.flatMap((r) => r.purged)].sort()).toEqual(silent);
    // Hygiene after the purge: the tables that held the conversations are vacuumed (at most every 10 minutes per node).
    expect(purging.every((r) => r.vacuumed)).toBe(true);
    await expect.poll(vacuums).toBeGreaterThan(vacuumsBefore);
    expect(await a.store.db.selectFrom('conversations').select('id').where('status', '=', 'closed').execute()).toEqual([]);
    expect((await sweepBoth(start + 26 * 60 * MINUTE)).flatMap((r) => r.purged)).toEqual([]);
    staff.close();
  });
});
