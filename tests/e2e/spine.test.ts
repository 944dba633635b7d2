import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { dumpTables, filesContaining, loadFixtures } from '../../apps/server/test/support/scan';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';
import { passNotice } from '../support/participant';
import { enrolTotp } from '../support/two-factor';

/**
 * The whole spine through the real pages in Debian's Chromium: an admin sets up the program,
 * invites and grants an advocate, a participant chats in Latin, Arabic and Chinese script,
 * the advocate ends it, and nothing of it is left on the page, in the database or in the log.
 */
const fixtures = loadFixtures();
const text = (lang: string) => fixtures.messages.find((m) => m.lang === lang)!.text;
const SENTINEL = text('en');
const PARTICIPANT_SAYS = [SENTINEL, text('ar'), text('zh')];
const ADVOCATE_SAYS = [text('fr'), text('ar').split(' ').reverse().join(' '), `${text('zh')} 🙏🏿`];
const EVERY_TEXT = [...PARTICIPANT_SAYS, ...ADVOCATE_SAYS];

describe('encrypted web chat in Chromium', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let advocate: Page;
  let participant: Page;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    browser = await launchChromium();
    // Three separate profiles: nothing is shared between them but the server.
    admin = await (await browser.newContext()).newPage();
    advocate = await (await browser.newContext()).newPage();
    participant = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('sets up the program from the printed link', async () => {
    await admin.goto(`${server.url}/staff/#setup=${server.setupToken}`);
    await admin.getByRole('heading', { name: 'Set up Lantern' }).waitFor();
    await admin.getByLabel('Your name').fill('Ada Admin');
    await admin.getByLabel('Username').fill('ada');
    await admin.getByLabel('Password', { exact: true }).fill('a long admin passphrase');
    await admin.getByLabel('Repeat password').fill('a long admin passphrase');
    await enrolTotp(admin, 'ada');
    await admin.getByRole('button', { name: 'Create program' }).click();
    await admin.getByText('Program key fingerprint').waitFor({ timeout: 30_000 });
    expect(admin.url()).not.toContain('setup=');
    await screenshot(admin, 'console-after-setup');
  });

  it('invites an advocate, who joins, is granted the program key by the admin, and signs in', async () => {
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByLabel('Role').selectOption('advocate');
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const link = await admin.getByLabel('Invite link').inputValue();
    expect(link).toMatch(/\/staff\/#invite=[A-Za-z0-9_-]{43}$/);

    await advocate.goto(link);
    await advocate.getByRole('heading', { name: 'Join Lantern' }).waitFor();
    await advocate.getByLabel('Your name').fill('Avery');
    await advocate.getByLabel('Username').fill('avery');
    await advocate.getByLabel('Password', { exact: true }).fill('an advocate passphrase');
    await advocate.getByLabel('Repeat password').fill('an advocate passphrase');
    await enrolTotp(advocate, 'avery');
    await advocate.getByRole('button', { name: 'Join' }).click();
    await advocate.getByText(/Waiting for an admin/).waitFor({ timeout: 30_000 });

    await admin.reload();
    await signInToConsole(admin, 'ada', 'a long admin passphrase', { until: admin.getByRole('link', { name: 'Staff' }) });
    await admin.getByRole('link', { name: 'Staff' }).click();
    // The advocate reads out the fingerprint their own browser computed; the admin types it.
    const readOut = await advocate.locator('.big-fingerprint .fingerprint').innerText();
    expect(readOut).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    await admin.getByLabel('The first 4 groups Avery reads out from their screen').fill(readOut.slice(0, 19));
    await admin.getByRole('button', { name: 'Grant access to Avery' }).click();
    await admin.getByRole('button', { name: 'Grant access to Avery' }).waitFor({ state: 'detached' });

    // A reload drops the keys from memory: the advocate signs in again with the password.
    await advocate.reload();
    await signInToConsole(advocate, 'avery', 'an advocate passphrase', { until: advocate.getByRole('heading', { name: 'Waiting' }) });
  });

  let conversationId = '';

  it('carries messages both ways in Latin, Arabic and Chinese, stored only as ciphertext', async () => {
    await participant.goto(`${server.url}/`);
    await participant.getByRole('button', { name: 'Start a chat' }).click();
    await participant.getByText(/Waiting for an advocate/).waitFor();
    await screenshot(participant, 'participant-waiting');
    await passNotice(participant);

    await advocate.getByRole('button', { name: 'Answer' }).click();
    await participant.getByText(/has joined/).waitFor();

    for (let i = 0; i < PARTICIPANT_SAYS.length; i++) {
      await say(participant, PARTICIPANT_SAYS[i]!);
      await advocate.getByRole('log', { name: 'Conversation' }).getByText(PARTICIPANT_SAYS[i]!, { exact: true }).waitFor();
      await say(advocate, ADVOCATE_SAYS[i]!);
      await participant.getByRole('log', { name: 'Conversation' }).getByText(ADVOCATE_SAYS[i]!, { exact: true }).waitFor();
    }
    const rtl = participant.getByRole('log', { name: 'Conversation' }).getByText(text('ar'), { exact: true });
    expect(await rtl.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await screenshot(participant, 'participant-chatting');
    await screenshot(advocate, 'advocate-chatting');

    const rows = await ts.store.db.selectFrom('conversations').select('id').execute();
    expect(rows).toHaveLength(1);
    conversationId = rows[0]!.id;
    const atRest = await dumpTables(ts.store.db);
    expect(atRest).toContain(conversationId);
    const stored = await ts.store.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).execute();
    expect(stored).toHaveLength(EVERY_TEXT.length);
    for (const sentence of EVERY_TEXT) expect(atRest).not.toContain(sentence);
    expect(await filesContaining(ts.dataDir!, EVERY_TEXT)).toEqual([]);
  });

  it('ends the chat: the participant sees the closing screen with no message left, the rows are gone', async () => {
    await advocate.getByRole('button', { name: 'End conversation' }).click();
    await advocate.getByRole('button', { name: 'Confirm end' }).click();
    await participant.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await screenshot(participant, 'participant-closed');
    const dom = await participant.evaluate(() => document.documentElement.outerHTML);
    for (const sentence of EVERY_TEXT) expect(dom).not.toContain(sentence);
    const consoleDom = await advocate.evaluate(() => document.documentElement.outerHTML);
    for (const sentence of EVERY_TEXT) expect(consoleDom).not.toContain(sentence);

    expect(await dumpTables(ts.store.db)).not.toContain(conversationId);
    expect(await ts.store.db.selectFrom('messages').selectAll().execute()).toEqual([]);
  });

  it('logged no address, no user agent and no message text', async () => {
    const userAgent = await participant.evaluate(() => navigator.userAgent);
    const log = server.logs.join('\n');
    expect(server.logs.length).toBeGreaterThan(10);
    expect(log).not.toMatch(/127\.0\.0\.1|::1|::ffff|localhost/);
    expect(log).not.toContain(userAgent);
    expect(log).not.toMatch(/Mozilla|HeadlessChrome|Chrome\//);
    for (const sentence of EVERY_TEXT) expect(log).not.toContain(sentence);
    expect(log).not.toContain(conversationId);
  });
});

async function say(page: Page, sentence: string) {
  const composer = page.getByLabel('Message');
  await composer.fill(sentence);
  await page.getByRole('button', { name: 'Send' }).click();
  expect(await composer.inputValue()).toBe('');
}
