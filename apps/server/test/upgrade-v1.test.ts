import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/db';
import { FrameSocket, rememberTotpSecret, signIn, startParticipant } from './support/clients';
import { startServer, type TestServer } from './support/server';

/*
 * A data directory made by Lantern before protocol v2 (tests/fixtures/README.md) starts on v2.
 * What was open at the upgrade was made under v1 keys: it is ended at start, as a participant
 * leaving would end it, and everything new is v2.
 */
const FIXTURE = fileURLToPath(new URL('../../../tests/fixtures/v1-data.tar.xz', import.meta.url));

describe('a v1 data directory on v2', () => {
  let dir = '';
  let store: Store;
  let server: TestServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lantern-v1-'));
    execFileSync('tar', ['-xJf', FIXTURE, '-C', dir]);
    store = await openStore({ dataDir: join(dir, 'v1data'), databaseUrl: undefined });
    // The v1 directory has conversations open: the fixture is only a test if it does.
    const open = await store.db.selectFrom('conversations').select(['id', 'channel']).where('status', '!=', 'closed').execute();
    expect(open.map((c) => c.channel).sort()).toEqual(['sms', 'web', 'web']);
    server = await startServer(store, { dataDir: join(dir, 'v1data') });
    const secrets = JSON.parse(await readFile(join(dir, 'v1data.secrets.json'), 'utf8')) as { staff: Array<{ username: string; totpSecret: string }> };
    for (const member of secrets.staff) rememberTotpSecret(server.url, member.username, member.totpSecret);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ends every conversation opened under v1 keys at start, and keeps the accounts', async () => {
    const left = await store.db.selectFrom('conversations').select(['id', 'protocol']).execute();
    expect(left).toEqual([]);
    expect(await store.db.selectFrom('messages').select('conversation_id').execute()).toEqual([]);
    // Staff sign in as before: their keys and grants are unchanged.
    const admin = await signIn(server.url, 'admin', 'correct horse battery');
    expect(admin.programPrivate.has(1)).toBe(true);
    // Members who joined before the name participants see existed start with their display name's first word.
    const names = await store.db.selectFrom('staff').select(['display_name', 'participant_name']).execute();
    expect(names.length).toBeGreaterThan(1);
    for (const { display_name, participant_name } of names) expect(participant_name).toBe(display_name.trim().split(/\s+/u)[0]);
    expect(admin.session.me.participantName).toBe(admin.session.me.displayName.split(' ')[0]);
  });

  it('makes every new conversation a v2 one', async () => {
    const participant = await startParticipant(server.url);
    const row = await store.db.selectFrom('conversations').select('protocol').where('id', '=', participant.started.conversationId).executeTakeFirstOrThrow();
    expect(row.protocol).toBe(2);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    socket.send({ type: 'close', conversationId: participant.started.conversationId });
    await socket.next((f) => f.type === 'closed');
  });
});
