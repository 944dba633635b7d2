import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, inviteMember, postJson, setupAdmin, signIn as signInNode, type StaffKeys } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';
import { startHostileProxy, type FrameContext, type FrameRecord, type HostileProxy, type Json } from '../support/hostile-proxy';
import { say, sees, startChat } from '../support/participant';

/**
 * Issue 11, acceptance 2: a hostile host. Every page talks to Lantern only through a rewriting
 * proxy that plays the server's operator gone bad: it lowers the password derivation cost, swaps a
 * member's public key, drops and reorders messages, asks the participant's page for the
 * conversation secret with a key of its own, and tries every key it holds on everything that
 * passes through it. Each attack is refused or flagged in the real pages, and nothing opens.
 */
const AVERY_PASSWORD = 'avery passphrase long';
const NOVA_PASSWORD = 'nova passphrase long';
const WEAK_KDF = 'The server asked for a password derivation of';
const OWN_KEY_MISMATCH = 'The server lists a public key for you that is not the one your password opens';
const CONSOLE_ORDER_WARNING = 'Some messages in this conversation may be missing or out of order';
const PARTICIPANT_ORDER_NOTE = 'A message in this chat may be missing or out of order';

const lastOf = <T>(list: T[], match: (item: T) => boolean): T | undefined => [...list].reverse().find(match);

/** What the attacker holds: keys it made itself. It never has a program private key. */
interface AttackerKeys {
  madeUpProgram: CryptoKeyPair;
  staff: CryptoKeyPair;
  devices: CryptoKeyPair[];
}

describe('a hostile host between the browsers and the server', () => {
  let ts: TestStore;
  let server: TestServer;
  let proxy: HostileProxy;
  let browser: Browser;
  let realProgram: CryptoKeyPair;
  let admin: StaffKeys;
  let novaPublicKey = '';
  let advocate: Page;
  const attacker = {} as AttackerKeys;
  const attackerDeviceKeys = new Set<string>();
  /** Conversations of an unpinned page that was handed the attacker's program key (the control of the pinning case). */
  const trustedOnFirstUse = new Set<string>();
  const conversations: string[] = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    // The proxy listens first: the server must accept WebSocket upgrades from the proxy's origin,
    // which is every page's origin (the server otherwise accepts only its own host).
    proxy = await startHostileProxy();
    server = await startServer(ts.store, { publicUrl: proxy.url, allowedOrigins: [proxy.url] });
    proxy.target = server.url;
    // Accounts are made straight on the server, from Node: the proxy sees only the pages.
    realProgram = (await setupAdmin(server.url, server.setupToken)).program;
    admin = await signInNode(server.url, 'admin', 'correct horse battery');
    await inviteMember(server.url, admin, 'avery', AVERY_PASSWORD);
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    novaPublicKey = (await acceptInvite(server.url, invite.body.inviteToken, 'nova', NOVA_PASSWORD, 'Nova')).body.me.publicKey;
    attacker.madeUpProgram = await lc.generateKeyPair(true);
    attacker.staff = await lc.generateKeyPair(true);
    attacker.devices = [];
    browser = await launchChromium();
    advocate = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('a password derivation below the console’s floor is refused before any login proof is made', async () => {
    for (const iterations of [1, 599_999]) {
      const undo = proxy.rewriteJson('POST', '/api/staff/prelogin', (body) => ({ ...body, kdf: { ...body.kdf, iterations } }));
      await advocate.goto(`${proxy.url}/staff/`);
      await signInToConsole(advocate, 'avery', AVERY_PASSWORD, { until: advocate.getByText(`${WEAK_KDF} ${iterations.toLocaleString('en')} rounds`) });
      undo();
    }
    await screenshot(advocate, 'hostile-weak-kdf');
    expect(proxy.exchanges.filter((e) => e.path === '/api/staff/prelogin').map((e) => e.delivered.kdf.iterations)).toEqual([1, 599_999]);
    expect(proxy.exchanges.filter((e) => e.path === '/api/staff/login')).toEqual([]);

    // Control: the honest cost signs in, and the proof passes the proxy this time.
    await signInToConsole(advocate, 'avery', AVERY_PASSWORD, { until: advocate.getByRole('heading', { name: 'Waiting' }) });
    const logins = proxy.exchanges.filter((e) => e.path === '/api/staff/login');
    expect(logins).toHaveLength(1);
    expect(logins[0]!.request.loginProof).toEqual(expect.any(String));
  });

  it('a public key swapped into the member’s own record stops the sign-in; the waiting screen shows only the key the password opened', async () => {
    const swapped = await lc.exportPublicKey(attacker.staff.publicKey);
    const swapMe = (me: Json) => (me.username === 'nova' ? { ...me, publicKey: swapped } : me);
    const undoLogin = proxy.rewriteJson('POST', '/api/staff/login', (body) => ({ ...body, me: swapMe(body.me) }));
    const undoMe = proxy.rewriteJson('GET', '/api/staff/me', swapMe);
    const nova = await (await browser.newContext()).newPage();
    await nova.goto(`${proxy.url}/staff/`);
    await signInToConsole(nova, 'nova', NOVA_PASSWORD, { until: nova.getByText(OWN_KEY_MISMATCH) });
    await screenshot(nova, 'hostile-own-key-swapped');
    const login = lastOf(proxy.exchanges, (e) => e.path === '/api/staff/login')!;
    expect(login.status).toBe(200);
    expect(login.delivered.me.publicKey).toBe(swapped);
    // It went no further: still the sign-in form, no socket opened with the session, no other request.
    const afterLogin = proxy.exchanges.length;
    await nova.waitForTimeout(1_000);
    expect(await nova.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await nova.getByText(/Waiting for an admin/).count()).toBe(0);
    expect(proxy.exchanges.slice(afterLogin)).toEqual([]);
    expect(proxy.frames.some((r) => r.frame.type === 'auth' && r.frame.token === login.response.token)).toBe(false);
    undoLogin();

    // Control: the honest sign-in reaches the waiting screen with the fingerprint of Nova's own key.
    // The swap stays on GET /api/staff/me, which the waiting screen polls: the fingerprint shown
    // does not follow it.
    const mePolls = proxy.exchanges.filter((e) => e.path === '/api/staff/me').length;
    await signInToConsole(nova, 'nova', NOVA_PASSWORD, { until: nova.getByRole('heading', { name: /Waiting for an admin/ }) });
    const own = await lc.fingerprint(novaPublicKey);
    await nova.getByText(own).waitFor();
    await expect.poll(() => proxy.exchanges.filter((e) => e.path === '/api/staff/me').length, { timeout: 15_000 }).toBeGreaterThan(mePolls);
    await nova.waitForTimeout(500);
    expect(await nova.getByText(own).count()).toBe(1);
    expect(await nova.getByText(await lc.fingerprint(swapped)).count()).toBe(0);
    undoMe();
    await nova.context().close();
  });

  it('a participant message dropped, and a staff message reordered, are flagged on both sides', async () => {
    const { participant, conversationId } = await answeredChat();
    await say(participant, 'Hello, is anyone there?');
    await consoleSees('Hello, is anyone there?');
    await consoleSay('Yes, I am here. You are safe to write.');
    await sees(participant, 'Yes, I am here. You are safe to write.');
    await askForTheSecret(conversationId);
    // Untouched so far: neither side warns.
    expect(await advocate.getByText(CONSOLE_ORDER_WARNING).count()).toBe(0);
    expect(await participant.getByText(PARTICIPANT_ORDER_NOTE).count()).toBe(0);

    const dropped = dropNext(toConsole(conversationId, 'participant'));
    await say(participant, 'This line never reaches the advocate.');
    await dropped;
    await say(participant, 'And this one comes after the gap.');
    await consoleSees('And this one comes after the gap.');
    await advocate.getByText(CONSOLE_ORDER_WARNING).waitFor();
    expect(await advocate.getByRole('log', { name: 'Conversation' }).getByText('This line never reaches the advocate.').count()).toBe(0);
    await screenshot(advocate, 'hostile-console-order-warning');
    expect(await participant.getByText(PARTICIPANT_ORDER_NOTE).count()).toBe(0);

    reorderNextTwo(toParticipant(conversationId));
    await consoleSay('First of two.');
    await consoleSay('Second of two.');
    await sees(participant, 'Second of two.');
    await sees(participant, 'First of two.');
    await participant.getByText(PARTICIPANT_ORDER_NOTE).waitFor();
    await screenshot(participant, 'hostile-participant-order-note');
    await endChat(participant);
  });

  it('a participant message reordered, and a staff message dropped, are flagged on both sides; a duplicate is shown once and not flagged', async () => {
    const { participant, conversationId } = await answeredChat();
    await say(participant, 'Starting again.');
    await consoleSees('Starting again.');
    await askForTheSecret(conversationId);

    // A repeated frame (same message, same client id) is what reconnects do: shown once, no warning.
    let twiceDone = false;
    const twice = proxy.onFrame((frame, context) => {
      if (twiceDone || !toConsole(conversationId, 'participant')(frame, context)) return undefined;
      twiceDone = true;
      return { send: [frame, frame] };
    });
    await say(participant, 'Said once, delivered twice.');
    await consoleSees('Said once, delivered twice.');
    await advocate.waitForTimeout(500);
    expect(await advocate.getByRole('log', { name: 'Conversation' }).getByText('Said once, delivered twice.').count()).toBe(1);
    twice();
    expect(proxy.frames.some((r) => r.outcome === 'duplicated' && r.frame.conversationId === conversationId)).toBe(true);
    expect(await advocate.getByText(CONSOLE_ORDER_WARNING).count()).toBe(0);

    reorderNextTwo(toConsole(conversationId, 'participant'));
    await say(participant, 'Written first.');
    await say(participant, 'Written second.');
    await consoleSees('Written first.');
    await consoleSees('Written second.');
    await advocate.getByText(CONSOLE_ORDER_WARNING).waitFor();
    expect(await participant.getByText(PARTICIPANT_ORDER_NOTE).count()).toBe(0);

    const dropped = dropNext(toParticipant(conversationId));
    await consoleSay('This reply is lost on the way.');
    await dropped;
    await consoleSay('This reply arrives.');
    await sees(participant, 'This reply arrives.');
    await participant.getByText(PARTICIPANT_ORDER_NOTE).waitFor();
    expect(await participant.getByRole('log').getByText('This reply is lost on the way.').count()).toBe(0);
    await endChat(participant);
  });

  // Failed on 29a8523 (seen): a held epoch's published key was not checked again when /api/staff/me
  // was fetched after sign-in, so the header fingerprint, the launcher snippet's pin, code-word
  // invites and escrow followed the host's key: the attacker read the code word.
  it('a program key swapped into a later /api/staff/me is not believed: no code word is sealed to the attacker’s key', async () => {
    const { participant, conversationId } = await answeredChat();
    await say(participant, 'Can I have a code word?');
    await consoleSees('Can I have a code word?');
    const madeUp = await lc.exportPublicKey(attacker.madeUpProgram.publicKey);
    const undo = proxy.rewriteJson('GET', '/api/staff/me', (me) => ({ ...me, programKeys: me.programKeys.map((k: Json) => ({ ...k, publicKey: madeUp })) }));
    // The host tells the console its grants changed: the console fetches itself again, from the host.
    const fetched = proxy.exchanges.filter((e) => e.path === '/api/staff/me').length;
    const consoleSocket = lastOf(proxy.frames, (r) => r.role === 'staff' && r.frame.type === 'sync' && r.frame.conversationId === conversationId)!.socket;
    proxy.sockets.find((s) => s.id === consoleSocket)!.inject('toClient', { type: 'grants' });
    await expect.poll(() => proxy.exchanges.filter((e) => e.path === '/api/staff/me').length, { timeout: 10_000 }).toBeGreaterThan(fetched);
    await advocate.waitForTimeout(500);
    // The fingerprint on screen (and in the launcher snippet an admin copies) stays the real key's.
    expect(await advocate.locator('.program-key .fingerprint').textContent()).toBe(await lc.fingerprint(await lc.exportPublicKey(realProgram.publicKey)));

    await advocate.getByRole('button', { name: 'Issue a reference' }).click();
    const prompt = participant.getByLabel('Code word', { exact: true });
    const refused = advocate.getByRole('alert').filter({ hasText: /key/i });
    await Promise.race([prompt.waitFor(), refused.waitFor()]);
    if (await prompt.isVisible()) {
      await prompt.fill('lighthouse');
      await participant.getByRole('button', { name: 'Send code word' }).click();
      await proxy.waitForFrame((r) => r.direction === 'toServer' && r.frame.type === 'send' && r.frame.conversationId === conversationId && r.socket !== consoleSocket);
      await expect.poll(() => proxy.exchanges.filter((e) => e.path === '/api/code-words/set').length, { timeout: 10_000 }).toBeGreaterThan(0);
    }
    undo();
    for (const set of proxy.exchanges.filter((e) => e.path === '/api/code-words/set')) {
      const word = await lc.open(attacker.madeUpProgram.privateKey, set.request.sealed, lc.codeWordContext(set.request.reference)).then(
        (padded) => new TextDecoder().decode(padded.slice(0, padded.indexOf(0x80))),
        () => null,
      );
      expect(word, 'the code word, opened by the host').toBeNull();
    }
    await endChat(participant);
  });

  it('a page pinned to the program key refuses a key the host swapped in and seals nothing; an unpinned page cannot tell', async () => {
    const madeUp = await lc.exportPublicKey(attacker.madeUpProgram.publicKey);
    const undo = proxy.rewriteJson('POST', '/api/conversations', (body) => ({ ...body, programKey: { ...body.programKey, publicKey: madeUp } }));
    const pin = (await lc.fingerprint(await lc.exportPublicKey(realProgram.publicKey))).replace(/ /g, '');
    const pinned = await (await browser.newContext()).newPage();
    await pinned.goto(`${proxy.url}/#key=${pin}`);
    await pinned.getByRole('button', { name: 'Start a chat' }).click();
    await pinned.getByText(/could not be started safely: the server offered an encryption key that does not match the one on our website/).waitFor();
    await screenshot(pinned, 'hostile-pinned-key-refused');
    const refused = lastOf(proxy.exchanges, (e) => e.method === 'POST' && e.path === '/api/conversations')!;
    expect(refused.delivered.programKey.publicKey).toBe(madeUp);
    // The page ended the conversation the server opened, and never connected to it: nothing was sealed.
    await expect.poll(() => proxy.exchanges.some((e) => e.path === '/api/conversations/end' && e.request?.token === refused.delivered.token)).toBe(true);
    expect(proxy.frames.some((r) => r.frame.token === refused.delivered.token || r.frame.conversationId === refused.delivered.conversationId)).toBe(false);
    await pinned.context().close();

    // Control: without the pin the page takes the host's key on trust, and the attacker, holding
    // that key's private half, opens the secret the page hands to the attacker's own device.
    const unpinned = await (await browser.newContext()).newPage();
    await unpinned.goto(`${proxy.url}/`);
    await startChat(unpinned);
    undo();
    const started = lastOf(proxy.exchanges, (e) => e.method === 'POST' && e.path === '/api/conversations')!;
    const conversationId = started.delivered.conversationId as string;
    trustedOnFirstUse.add(conversationId);
    const grant = await askForTheSecret(conversationId);
    await unpinned.context().close();
    const holder = await lc.importPublicKey(grant.fromKey);
    const device = attacker.devices.at(-1)!;
    const parties = { conversationId, fromPublic: grant.fromKey, toPublic: grant.deviceKey };
    expect(await lc.openSecretGrant(grant.sealed, attacker.madeUpProgram.privateKey, holder, device.privateKey, holder, parties)).toHaveLength(lc.SECRET_BYTES);
  });

  it('a member key swapped at the first grant is refused: the admin types what the member reads from their own screen', async () => {
    // The host lists the attacker's key for Nova from the start of the admin's session.
    const swapped = await lc.exportPublicKey(attacker.staff.publicKey);
    const undo = proxy.rewriteJson('GET', '/api/staff/members', (body) => ({
      ...body,
      members: body.members.map((m: Json) => (m.username === 'nova' ? { ...m, publicKey: swapped } : m)),
    }));
    const adminPage = await (await browser.newContext()).newPage();
    await adminPage.goto(`${proxy.url}/staff/#staff`);
    await signInToConsole(adminPage, 'admin', 'correct horse battery');
    await adminPage.getByRole('link', { name: 'Staff' }).click();
    // Nova's screen shows the fingerprint of the key her password opens (case b); she reads its first groups out.
    const readOut = (await lc.fingerprint(novaPublicKey)).slice(0, 19);
    await adminPage.getByLabel('The first 4 groups Nova reads out from their screen').fill(readOut);
    await adminPage.getByRole('button', { name: 'Grant access to Nova' }).click();
    await adminPage.getByText('That is not the fingerprint of the key the server lists for this member').waitFor();
    await screenshot(adminPage, 'hostile-first-grant');
    expect(proxy.exchanges.filter((e) => e.path.endsWith('/grants'))).toEqual([]);
    undo();
    await adminPage.context().close();
  });

  it('a member key swapped at rotation is refused: the new program key is never sealed to the attacker', async () => {
    const adminPage = await (await browser.newContext()).newPage();
    await adminPage.goto(`${proxy.url}/staff/#staff`);
    await signInToConsole(adminPage, 'admin', 'correct horse battery');
    const swapped = await lc.exportPublicKey(attacker.staff.publicKey);
    proxy.rewriteJson('GET', '/api/staff/members', (body) => ({
      ...body,
      members: body.members.map((m: Json) => (m.username === 'avery' ? { ...m, publicKey: swapped } : m)),
    }));
    await adminPage.getByRole('button', { name: 'Deactivate Nova', exact: true }).click();
    await adminPage.getByRole('button', { name: 'Confirm: deactivate Nova' }).click();
    await adminPage.getByText('New program key fingerprint:').waitFor({ timeout: 30_000 });
    await adminPage.getByText(/Not sealed to Avery Advocate: the server lists a key for them that no admin checked/).waitFor();
    await screenshot(adminPage, 'hostile-rotation');
    const rotations = proxy.exchanges.filter((e) => e.path === '/api/admin/program-keys');
    expect(rotations).toHaveLength(1);
    const grants = rotations[0]!.request.grants as Array<{ staffId: string; sealed: string }>;
    expect(grants.map((g) => g.staffId)).toEqual([admin.session.me.id]);
    for (const grant of grants) {
      await expect(lc.open(attacker.staff.privateKey, grant.sealed, lc.programKeyContext(rotations[0]!.request.epoch))).rejects.toThrow();
    }
    await adminPage.context().close();
  });

  it('nothing that passed through the proxy opens with any key it holds; only a program key holder opens what it asked for', async () => {
    const passed = proxy.frames.filter((r) => !trustedOnFirstUse.has(r.frame.conversationId));
    const grants = passed.filter((r) => r.direction === 'toServer' && r.frame.type === 'key_grant').map((r) => r.frame);
    const stolen = grants.filter((g) => attackerDeviceKeys.has(g.deviceKey));
    expect(conversations.length).toBeGreaterThanOrEqual(2);
    // The console's own requests were answered too (they opened the chats above), and so were the attacker's.
    expect(grants.length).toBeGreaterThan(stolen.length);
    expect(stolen).toHaveLength(2);

    const bodies = passed.filter((r) => r.frame.type === 'message' && typeof r.frame.body === 'string').map((r) => r.frame);
    expect(bodies.length).toBeGreaterThan(10);
    expect(await openEverything(grants, bodies, [attacker.madeUpProgram.privateKey, attacker.staff.privateKey, ...attacker.devices.map((d) => d.privateKey)])).toEqual([]);
    // Nor does anything sealed in an HTTP body: program key grants (sign-in, rotation), code words.
    const sealed = proxy.exchanges.flatMap((e) => [
      ...((e.delivered?.me?.grants ?? []) as Array<{ epoch: number; sealed: string }>).map((g) => ({ sealed: g.sealed, context: lc.programKeyContext(g.epoch) })),
      ...(e.path === '/api/admin/program-keys' ? (e.request.grants as Array<{ sealed: string }>).map((g) => ({ sealed: g.sealed, context: lc.programKeyContext(e.request.epoch) })) : []),
      ...(e.path === '/api/code-words/set' ? [{ sealed: e.request.sealed as string, context: lc.codeWordContext(e.request.reference) }] : []),
    ]);
    expect(sealed.length).toBeGreaterThan(1);
    for (const { sealed: blob, context } of sealed) {
      for (const key of [attacker.madeUpProgram.privateKey, attacker.staff.privateKey, ...attacker.devices.map((d) => d.privateKey)]) {
        await expect(lc.open(key, blob, context)).rejects.toThrow();
      }
    }

    // Control: the same search, given the program key the attacker lacks, opens the grants the
    // participant's pages sealed to the attacker's devices, and with them the conversations: the
    // program key is the one thing that kept them shut, and the search is able to find an opening.
    const opened = await openEverything(grants, bodies, [realProgram.privateKey, ...attacker.devices.map((d) => d.privateKey)]);
    expect(opened.filter((o) => o.startsWith('grant ')).length).toBeGreaterThanOrEqual(2);
    expect(opened).toContain('message: Hello, is anyone there?');
  });

  // ---------------------------------------------------------------- helpers

  /**
   * Tries every key on every grant (as program key and device key both) and, with any secret
   * that opens, every message; also each key as a v1 program key on the messages. Returns what opened.
   */
  async function openEverything(grants: Json[], bodies: Json[], keys: CryptoKey[]): Promise<string[]> {
    const opened: string[] = [];
    const secrets = new Map<string, Uint8Array<ArrayBuffer>>();
    for (const grant of grants) {
      const holder = await lc.importPublicKey(grant.fromKey);
      const parties = { conversationId: grant.conversationId, fromPublic: grant.fromKey, toPublic: grant.deviceKey };
      for (const program of keys) {
        for (const device of keys) {
          const secret = await lc.openSecretGrant(grant.sealed, program, holder, device, holder, parties).catch(() => null);
          if (!secret) continue;
          opened.push(`grant ${grant.conversationId} to ${grant.deviceKey}`);
          secrets.set(grant.conversationId, secret);
        }
      }
    }
    const participantKeys = new Map(grants.map((g) => [g.conversationId, g.fromKey as string]));
    for (const body of bodies) {
      const candidates: lc.ConversationKeys[] = [];
      const secret = secrets.get(body.conversationId);
      if (secret) candidates.push(await lc.deriveMessageKeys(secret, body.conversationId));
      const participantKey = participantKeys.get(body.conversationId);
      if (participantKey) {
        for (const key of keys) {
          const v1 = await lc.deriveConversationKeys(key, await lc.importPublicKey(participantKey), body.conversationId).catch(() => null);
          if (v1) candidates.push(v1);
        }
      }
      for (const candidate of candidates) {
        const message = await lc.decryptMessage(candidate, body.sender, body.clientId, body.body).catch(() => null);
        if (message) opened.push(`message: ${message.text}`);
      }
    }
    return opened;
  }

  /** A participant in a new context starts a chat through the proxy; the advocate answers it. */
  async function answeredChat(): Promise<{ participant: Page; conversationId: string }> {
    const participant = await (await browser.newContext()).newPage();
    await participant.goto(`${proxy.url}/`);
    await startChat(participant);
    const conversationId = lastOf(proxy.exchanges, (e) => e.method === 'POST' && e.path === '/api/conversations')!.delivered.conversationId as string;
    conversations.push(conversationId);
    await advocate.getByRole('button', { name: 'Answer' }).click();
    await participant.getByText(/has joined/).waitFor();
    return { participant, conversationId };
  }

  /**
   * The attacker makes a device key of its own and asks the participant's page for the secret
   * with it, as a console would. The page answers (it cannot tell), sealing under the program key
   * too; the proxy keeps the grant and lets nothing of it through.
   */
  async function askForTheSecret(conversationId: string): Promise<Json> {
    const device = await lc.generateKeyPair();
    const deviceKey = await lc.exportPublicKey(device.publicKey);
    attacker.devices.push(device);
    attackerDeviceKeys.add(deviceKey);
    const keep = proxy.onFrame((frame, context) => (context.direction === 'toServer' && frame.type === 'key_grant' && frame.deviceKey === deviceKey ? { drop: true } : undefined));
    const socketId = lastOf(proxy.frames, (r) => r.role === 'participant' && r.frame.conversationId === conversationId)!.socket;
    proxy.sockets.find((s) => s.id === socketId)!.inject('toClient', { type: 'key_request', conversationId, deviceKey });
    const grant = await proxy.waitForFrame((r) => r.direction === 'toServer' && r.frame.type === 'key_grant' && r.frame.deviceKey === deviceKey);
    keep();
    return grant.frame;
  }

  function toConsole(conversationId: string, sender: string) {
    return (frame: Json, context: FrameContext) =>
      context.direction === 'toClient' && context.socket.role === 'staff' && frame.type === 'message' && frame.sender === sender && frame.conversationId === conversationId;
  }

  function toParticipant(conversationId: string) {
    return (frame: Json, context: FrameContext) =>
      context.direction === 'toClient' && context.socket.role === 'participant' && frame.type === 'message' && frame.sender === 'staff' && frame.conversationId === conversationId;
  }

  /** Drops the next matching frame; resolves once it was dropped. */
  function dropNext(match: (frame: Json, context: FrameContext) => boolean): Promise<FrameRecord> {
    let frameSeen: Json = null;
    const remove = proxy.onFrame((frame, context) => {
      if (!match(frame, context)) return undefined;
      remove();
      frameSeen = frame;
      return { drop: true };
    });
    return proxy.waitForFrame((r) => r.outcome === 'dropped' && r.frame === frameSeen);
  }

  /** Holds the next matching frame and delivers it after the one that follows it. */
  function reorderNextTwo(match: (frame: Json, context: FrameContext) => boolean): void {
    let held = false;
    const remove = proxy.onFrame((frame, context) => {
      if (!match(frame, context)) return undefined;
      if (!held) {
        held = true;
        return { hold: true };
      }
      remove();
      return { send: [frame, ...context.release()] };
    });
  }

  async function consoleSees(text: string): Promise<void> {
    await advocate.getByRole('log', { name: 'Conversation' }).getByText(text, { exact: true }).waitFor();
  }

  async function consoleSay(text: string): Promise<void> {
    await advocate.getByLabel('Message', { exact: true }).fill(text);
    await advocate.getByRole('button', { name: 'Send' }).click();
    await consoleSees(text);
  }

  async function endChat(participant: Page): Promise<void> {
    await advocate.getByRole('button', { name: 'End conversation' }).click();
    await advocate.getByRole('button', { name: 'Confirm end' }).click();
    await participant.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await participant.context().close();
  }
});
