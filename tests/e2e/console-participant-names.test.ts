import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StaffList } from '@lantern/protocol';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { getJson, grantMember, postJson, setupAdmin, signIn, type StaffKeys } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { seriousViolations } from '../support/axe';
import { launchChromium, screenshot } from '../support/browser';
import { enrolTotp } from '../support/two-factor';
import { passNotice, say, sees } from '../support/participant';

/**
 * The name participants see, through the real pages: the join form offers the first word of the
 * name typed and says who sees which; the Account screen changes it; a participant then meets the
 * member by that name only, in any script.
 */
const WORDING = 'Participants see this name; other staff see your full name.';
const CHOSEN = 'رانيا 🌿';

describe('the name participants see, in Chromium', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let admin: StaffKeys;
  let rania: Page;
  let participant: Page;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    browser = await launchChromium();
    rania = await (await browser.newContext()).newPage();
    participant = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('offers the first word of the name on the join form, saying who sees which', async () => {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    await rania.goto(`${server.url}/staff/#invite=${invite.body.inviteToken}`);
    await rania.getByRole('heading', { name: 'Join Lantern' }).waitFor();
    const shown = rania.getByLabel('Name participants see', { exact: true });
    expect(await shown.inputValue()).toBe('');
    await rania.getByLabel('Your name').fill('Rania Haddad');
    expect(await shown.inputValue()).toBe('Rania');
    // Said under the field, and read out with it.
    expect(await shown.getAttribute('aria-describedby')).toBe('account-participantName-hint');
    expect(await rania.locator('#account-participantName-hint').textContent()).toBe(WORDING);
    expect(await rania.locator('#account-displayName-hint').textContent()).toBe('Your full name: other staff see it.');
    // Once the person writes their own, the full name no longer changes it.
    await shown.fill('Rania H.');
    await rania.getByLabel('Your name').fill('Rania Haddad Saleh');
    expect(await shown.inputValue()).toBe('Rania H.');
    // A name participants could not be shown is caught before anything is sent.
    await shown.fill('   ');
    await rania.getByLabel('Username').fill('rania');
    await rania.getByLabel('Password', { exact: true }).fill('a long advocate passphrase');
    await rania.getByLabel('Repeat password').fill('a long advocate passphrase');
    await enrolTotp(rania, 'rania');
    await rania.getByRole('button', { name: 'Join' }).click();
    await rania.getByText('Enter the name participants see: your first name is usual.').waitFor();
    expect(await rania.evaluate(() => document.activeElement?.id)).toBe('account-participantName');
    expect(await seriousViolations(rania)).toEqual([]);
    await screenshot(rania, 'console-join-participant-name');
    await shown.fill('Rania');
    await rania.getByRole('button', { name: 'Join' }).click();
    await rania.getByText(/Waiting for an admin/).waitFor({ timeout: 30_000 });

    const { body } = await getJson<StaffList>(`${server.url}/api/staff/members`, admin.session.token);
    const member = body.members.find((m) => m.username === 'rania')!;
    expect(member.displayName).toBe('Rania Haddad Saleh');
    await grantMember(server.url, admin, member);
    await rania.getByRole('heading', { name: 'Waiting' }).waitFor({ timeout: 30_000 });
  });

  it('changes it on the Account screen, with the same words', async () => {
    await rania.getByRole('link', { name: 'Account' }).click();
    const field = rania.getByLabel('Name participants see', { exact: true });
    expect(await field.inputValue()).toBe('Rania');
    expect(await rania.locator('#participant-name-hint').textContent()).toBe(WORDING);
    await rania.getByText('Other staff see your full name, Rania Haddad Saleh.').waitFor();
    await field.fill(CHOSEN);
    await rania.getByRole('button', { name: 'Save name' }).click();
    await rania.getByText(`Saved: participants now see “${CHOSEN}” beside what you write.`).waitFor();
    expect(await seriousViolations(rania)).toEqual([]);
    await screenshot(rania, 'console-account-participant-name');
    const row = await ts.store.db.selectFrom('staff').select('participant_name').where('username', '=', 'rania').executeTakeFirstOrThrow();
    expect(row.participant_name).toBe(CHOSEN);
  });

  it('is the name the participant meets, on the status line and on every line she writes', async () => {
    await participant.goto(`${server.url}/`);
    await participant.getByRole('button', { name: 'Start a chat' }).click();
    await passNotice(participant);
    await rania.getByRole('link', { name: 'Conversations' }).click();
    await rania.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => participant.locator('.chat-head .status').textContent()).toBe(`\u2068${CHOSEN}\u2069 has joined the chat.`);
    await say(participant, 'Hello?');
    await rania.getByRole('log', { name: 'Conversation' }).getByText('Hello?', { exact: true }).waitFor();
    await rania.getByLabel('Message', { exact: true }).fill('I am here with you.');
    await rania.getByRole('button', { name: 'Send' }).click();
    await sees(participant, 'I am here with you.');
    const label = participant.locator('.msg.theirs').filter({ hasText: 'I am here with you.' }).locator('.who');
    await expect.poll(() => label.textContent()).toBe(CHOSEN);
    expect(await participant.evaluate(() => document.body.innerText)).not.toMatch(/Haddad|Saleh/);
    await screenshot(participant, 'participant-named-advocate');
  });
});
