import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { acceptInvite, grantMember, postJson, setupAdmin, signIn as signInNode } from '../../apps/server/test/support/clients';
import { dumpTables, filesContaining } from '../../apps/server/test/support/scan';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { FakeProviderApi } from '../../tools/sms-sim/fake-api';
import { postTwilioWebhook } from '../../tools/sms-sim/twilio-webhook';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';

/**
 * The text line through the real console in Debian's Chromium, with the SMS simulator's pieces
 * playing Twilio: a texter writes in, an advocate answers in the console, the reply reaches the
 * phone, the start and end notices arrive, and at the end Twilio is asked to delete every message.
 */
const PUBLIC_URL = 'https://lantern.example.org';
const TWILIO = { accountSid: `AC${'2'.repeat(32)}`, authToken: 'e2e-twilio-auth-token', from: '+15005550006' };
const PHONE = '+15555550123';
const NEW_NUMBER = '+15555550145';
const TEXTER_SAYS = ['Hi, is this the text line? I cannot talk out loud right now.', 'He checks my phone at night.'];
const ADVOCATE_SAYS = 'I am Avery, an advocate. You can text here. Is now a safe time?';
const FIRST_TEXT_TO_NEW_NUMBER = 'Hello, this is Avery from the program, as we agreed.';

describe('SMS in the console, with the simulator as the phone', () => {
  let ts: TestStore;
  let server: TestServer;
  let api: FakeProviderApi;
  let browser: Browser;
  let advocate: Page;
  const inboundSids: string[] = [];
  const phoneGot = (number = PHONE) => api.sent.filter((s) => s.to === number);
  const text = async (body: string) => {
    const sent = await postTwilioWebhook({ target: server.url, publicUrl: PUBLIC_URL, accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, from: PHONE, to: TWILIO.from, body });
    expect(sent.status).toBe(200);
    inboundSids.push(sent.messageSid);
  };

  beforeAll(async () => {
    api = new FakeProviderApi({ twilio: TWILIO });
    Object.assign(process.env, {
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_FROM: TWILIO.from,
      TWILIO_API_BASE: await api.start(),
    });
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { publicUrl: PUBLIC_URL, programName: 'Harbor Line' });
    // The admin's part is the spine test's; here it is done in Node to reach the SMS part sooner.
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase');
    const admin = await signInNode(server.url, 'ada', 'a long admin passphrase');
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, 'avery', 'an advocate passphrase', 'Avery');
    await grantMember(server.url, admin, joined.body.me);
    browser = await launchChromium();
    advocate = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
    await ts?.dispose();
  });

  it('a text joins the queue, the advocate answers in the console, and the reply reaches the phone', async () => {
    await advocate.goto(`${server.url}/staff/`);
    await signInToConsole(advocate, 'avery', 'an advocate passphrase', { until: advocate.getByRole('heading', { name: 'Waiting' }) });

    await text(TEXTER_SAYS[0]!);
    await api.until(() => phoneGot().length === 1);
    expect(phoneGot()[0]!.text).toMatch(/^Harbor Line: you have reached our text line\..*cloud backup.*Text STOP/);
    expect(phoneGot()[0]!.from).toBe(TWILIO.from);

    await advocate.getByText('Text message').first().waitFor();
    await advocate.getByRole('button', { name: 'Answer' }).click();
    const log = advocate.getByRole('log', { name: 'Conversation' });
    await log.getByText(TEXTER_SAYS[0]!, { exact: true }).waitFor();

    // The number is masked until the advocate asks, and hides again on request.
    await advocate.getByText('•••• 23').waitFor();
    await advocate.getByRole('button', { name: 'Show number' }).click();
    await advocate.getByText(PHONE).waitFor();
    await advocate.getByRole('button', { name: 'Hide number' }).click();
    await advocate.getByText('•••• 23').waitFor();

    await say(advocate, ADVOCATE_SAYS);
    await api.until(() => phoneGot().some((s) => s.text === ADVOCATE_SAYS));
    await log.getByText(ADVOCATE_SAYS, { exact: true }).waitFor();
    await text(TEXTER_SAYS[1]!);
    await log.getByText(TEXTER_SAYS[1]!, { exact: true }).waitFor();
    await screenshot(advocate, 'advocate-sms');

    const secrets = [...TEXTER_SAYS, ADVOCATE_SAYS, PHONE];
    for (const s of secrets) expect(await dumpTables(ts.store.db)).not.toContain(s);
    expect(await filesContaining(ts.dataDir!, secrets)).toEqual([]);
  });

  it('ending it sends the end notice, clears the console and has Twilio delete every message', async () => {
    await advocate.getByRole('button', { name: 'End conversation' }).click();
    await advocate.getByRole('button', { name: 'Confirm end' }).click();
    await api.until(() => phoneGot().some((s) => /conversation has ended.*delete this thread.*do not save this number under our name/.test(s.text)));
    const dom = await advocate.evaluate(() => document.documentElement.outerHTML);
    for (const s of [...TEXTER_SAYS, ADVOCATE_SAYS]) expect(dom).not.toContain(s);

    const everyId = [...inboundSids, ...phoneGot().map((s) => s.id)];
    expect(everyId).toHaveLength(5); // two texts in; start notice, reply and end notice out
    await api.until(() => everyId.every((id) => api.deleted.some((d) => d.id === id)));
    expect(await ts.store.db.selectFrom('sms_conversations').selectAll().execute()).toEqual([]);
  });

  it('texts a new number only after it is typed twice and confirmed', async () => {
    await advocate.getByLabel('Phone number').fill('+1 555 555 0145');
    await advocate.getByLabel('Type the number again').fill('+1 555 555 0154');
    await advocate.getByRole('button', { name: 'Check the number' }).click();
    await advocate.getByText('The two numbers do not match').waitFor();

    await advocate.getByLabel('Type the number again').fill('+1 (555) 555-0145');
    await advocate.getByRole('button', { name: 'Check the number' }).click();
    await advocate.getByRole('button', { name: 'Yes, this is the right number' }).click();
    await advocate.getByText('•••• 45').waitFor();
    expect(phoneGot(NEW_NUMBER)).toEqual([]);

    await say(advocate, FIRST_TEXT_TO_NEW_NUMBER);
    await api.until(() => phoneGot(NEW_NUMBER).length === 2);
    expect(phoneGot(NEW_NUMBER).map((s) => s.text)).toEqual([expect.stringMatching(/Text STOP/), FIRST_TEXT_TO_NEW_NUMBER]);
    await screenshot(advocate, 'advocate-sms-new-number');
  });

  it('logged no text and no number', async () => {
    const log = server.logs.join('\n');
    expect(server.logs.some((line) => line.includes('/api/sms/conversations/:id/messages'))).toBe(true);
    for (const s of [...TEXTER_SAYS, ADVOCATE_SAYS, FIRST_TEXT_TO_NEW_NUMBER, PHONE, NEW_NUMBER, PHONE.slice(1)]) expect(log).not.toContain(s);
  });
});

async function say(page: Page, sentence: string) {
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  await composer.fill(sentence);
  await page.getByRole('button', { name: 'Send' }).click();
}
