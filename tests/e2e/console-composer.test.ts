import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { inviteMember, setupAdmin, signIn as signInNode } from '../../apps/server/test/support/clients';
import { dumpTables, filesContaining } from '../../apps/server/test/support/scan';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { say, startChat } from '../support/participant';

/**
 * Composer tools through both real pages, by keyboard: a code word chosen in one chat and checked
 * in the next (match, then no match, the word shown nowhere in the console), a canned message
 * opened with "/" and edited before sending, and the gentle hint for shorthand and emoji the
 * participant did not use first. Axe on the console and the participant's prompt.
 */
const CODE_WORD = 'Blue Heron at Dusk';
const SAME_WORD = '  blue HERON at dusk ';
const WRONG_WORD = 'Green heron at dawn';
const WORDS = [CODE_WORD, CODE_WORD.toLowerCase(), 'Heron', 'heron', 'Dusk', 'dusk'];

/** Keyboard only: focus lands on the control (as Tab would), then a key activates it. */
async function press(page: Page, name: string | RegExp, key = 'Enter') {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press(key);
}

describe('composer tools in the console and the participant page', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let advocate: Page;
  const found: string[] = [];
  const check = async (page: Page, state: string) => found.push(...(await seriousViolations(page)).map((v) => `${state}: ${v}`));

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase');
    const admin = await signInNode(server.url, 'ada', 'a long admin passphrase');
    await inviteMember(server.url, admin, 'avery', 'an advocate passphrase');
    browser = await launchChromium();
    advocate = await (await browser.newContext()).newPage();
    await advocate.goto(`${server.url}/staff/`);
    await signInToConsole(advocate, 'avery', 'an advocate passphrase', { until: advocate.getByRole('heading', { name: 'Waiting' }) });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  /** A participant in a fresh profile starts a chat; the advocate answers it from the keyboard. */
  async function newChat(): Promise<Page> {
    const participant = await (await browser.newContext()).newPage();
    await participant.goto(`${server.url}/`);
    await startChat(participant);
    await press(advocate, 'Answer');
    await participant.getByText(/has joined/).waitFor();
    await advocate.getByLabel('Message', { exact: true }).waitFor();
    return participant;
  }

  async function endChat(participant: Page) {
    await press(advocate, 'End conversation');
    await press(advocate, 'Confirm end');
    await participant.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await participant.context().close();
  }

  let reference = '';

  it('sets a code word in one chat and checks it in the next: match, then no match, never shown', async () => {
    const first = await newChat();
    await press(advocate, 'Issue a reference');
    const sent = advocate.getByText(/^Reference [2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4} sent/);
    await sent.waitFor();
    reference = /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec((await sent.textContent()) ?? '')![1]!;

    // The participant's page asks, with the same reference, and puts the caret in the field.
    await first.getByText(`Your reference: ${reference}.`, { exact: false }).waitFor();
    await first.waitForFunction(() => document.activeElement?.id === 'code-word');
    await check(first, 'participant: choose a code word');
    await screenshot(first, 'participant-code-word-choose');
    await first.keyboard.type(CODE_WORD);
    await first.keyboard.press('Enter');
    await first.getByText(`Code word saved. Your reference: ${reference}.`).waitFor();
    await advocate.getByText(`The participant saved a code word for reference ${reference}.`).waitFor();

    const row = await ts.store.db.selectFrom('code_words').selectAll().executeTakeFirstOrThrow();
    expect(row.reference).toBe(reference.replace('-', ''));
    expect(row.sealed).toMatch(/^[A-Za-z0-9_-]{467}$/);
    await endChat(first);

    const second = await newChat();
    for (const [typed, outcome] of [[SAME_WORD, 'Match'], [WRONG_WORD, 'No match']] as const) {
      // Read out over the chat, typed as the person said it: lower case, with the hyphen.
      await advocate.getByLabel('Reference', { exact: true }).fill('');
      await advocate.getByLabel('Reference', { exact: true }).focus();
      await advocate.keyboard.type(reference.toLowerCase());
      await advocate.keyboard.press('Enter');
      await advocate.getByText(`Asked the participant for the code word of ${reference}`).waitFor();
      await second.getByText('The advocate asks for your code word, to check that it is you.').waitFor();
      await second.waitForFunction(() => document.activeElement?.id === 'code-word');
      await second.keyboard.type(typed);
      await second.keyboard.press('Enter');
      await advocate.getByText(outcome, { exact: true }).waitFor();
      if (outcome === 'Match') {
        await check(advocate, 'console: code word matched');
        await screenshot(advocate, 'console-code-word-match');
      }
    }
    // Neither page shows the word: not as a chat line, not anywhere in the DOM.
    for (const page of [advocate, second]) {
      const dom = await page.evaluate(() => document.documentElement.outerHTML);
      for (const word of [...WORDS, SAME_WORD.trim(), WRONG_WORD]) expect(dom).not.toContain(word);
    }
    // Structured messages leave no empty chat line behind on either side.
    expect(await second.locator('.msg .text:empty').count()).toBe(0);
    expect(await advocate.locator('.message .text:empty').count()).toBe(0);
    await endChat(second);

    const tables = await dumpTables(ts.store.db);
    for (const word of WORDS) expect(tables).not.toContain(word);
    expect(await filesContaining(ts.dataDir!, WORDS)).toEqual([]);
    const log = server.logs.join('\n');
    for (const word of [...WORDS, reference, reference.replace('-', '')]) expect(log).not.toContain(word);
  });

  it('holds code words back while an interpreter, who holds the conversation keys, is invited', async () => {
    const participant = await newChat();
    const issue = advocate.getByRole('button', { name: 'Issue a reference', exact: true });
    const verify = advocate.getByRole('button', { name: 'Verify code word', exact: true });
    await press(advocate, 'Invite interpreter');
    await advocate.getByText(/^An interpreter is invited to or in this chat and would read the code word/).waitFor();
    expect(await issue.isDisabled()).toBe(true);
    expect(await verify.isDisabled()).toBe(true);
    await press(advocate, 'Remove interpreter');
    await expect.poll(() => issue.isDisabled()).toBe(false);
    expect(await verify.isDisabled()).toBe(false);
    expect(await ts.store.db.selectFrom('code_words').select('reference').execute()).toHaveLength(1);
    await endChat(participant);
  });

  it('lets an admin add and edit a canned message in the library, by keyboard', async () => {
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(`${server.url}/staff/`);
    const tab = admin.getByRole('link', { name: 'Canned messages' });
    await signInToConsole(admin, 'ada', 'a long admin passphrase', { until: tab });
    await tab.focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'Arabic' }).waitFor();

    await admin.getByLabel('Title').focus();
    await admin.keyboard.type('Court dates');
    await admin.getByLabel('Text', { exact: true }).focus();
    await admin.keyboard.type('We can help you get ready for a court date.');
    await press(admin, 'Add message');
    await admin.getByText('Added “Court dates”.').waitFor();
    await press(admin, 'Edit Court dates');
    await admin.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === 'Court dates');
    await admin.getByLabel('Text', { exact: true }).focus();
    await admin.keyboard.press('ControlOrMeta+End');
    await admin.keyboard.type(' Ask me about it.');
    await press(admin, 'Save changes');
    await admin.getByText('Saved “Court dates”.').waitFor();
    await admin.getByText('We can help you get ready for a court date. Ask me about it.', { exact: true }).waitFor();
    await check(admin, 'console: canned library');
    await screenshot(admin, 'console-canned-library');
    await admin.context().close();

    const stored = await ts.store.db.selectFrom('canned_messages').select(['text', 'language']).where('title', '=', 'Court dates').execute();
    expect(stored).toEqual([{ text: 'We can help you get ready for a court date. Ask me about it.', language: 'en' }]);
  });

  it('opens canned messages with "/", inserts one to edit, and sends it', async () => {
    const participant = await newChat();
    const composer = advocate.getByLabel('Message', { exact: true });
    await composer.focus();
    await advocate.keyboard.press('/');
    const search = advocate.getByRole('combobox', { name: 'Search canned messages' });
    await search.waitFor();
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await advocate.keyboard.type('safe');
    // The conversation is in English: the English text comes first.
    const active = advocate.getByRole('option', { selected: true });
    await expect.poll(() => active.textContent()).toContain('Safety check');
    await check(advocate, 'console: canned picker open');
    await screenshot(advocate, 'console-canned-picker');
    await advocate.keyboard.press('ArrowDown');
    await advocate.keyboard.press('ArrowUp');
    await advocate.keyboard.press('Enter');

    await expect.poll(() => composer.inputValue()).toMatch(/^Are you somewhere safe to chat right now\?/);
    await advocate.waitForFunction(() => document.activeElement?.id === 'composer');
    await advocate.keyboard.press('ControlOrMeta+End');
    await advocate.keyboard.type(' Take all the time you need.');
    await advocate.keyboard.press('Enter');
    await participant
      .getByRole('log', { name: 'Conversation' })
      .getByText(/^Are you somewhere safe to chat right now\?.* Take all the time you need\.$/)
      .waitFor();

    // Ctrl+K opens it from a draft too; Esc goes back to the composer, draft untouched.
    await composer.focus();
    await advocate.keyboard.type('Draft');
    await advocate.keyboard.press('Control+k');
    await search.waitFor();
    // The admin's new text is offered too.
    await advocate.keyboard.type('court');
    await expect.poll(() => active.textContent()).toContain('Court dates');
    await advocate.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('Draft');
    await composer.fill('');
    await endChat(participant);
  });

  it('hints at shorthand and emoji the participant did not use first, and never blocks sending', async () => {
    const participant = await newChat();
    const composer = advocate.getByLabel('Message', { exact: true });
    const tip = advocate.locator('#composer-tip');

    await composer.focus();
    await advocate.keyboard.type('ok lol');
    await tip.getByText(/Shorthand “lol”/).waitFor();
    await check(advocate, 'console: composer hint');
    await screenshot(advocate, 'console-composer-hint');
    // Dismissed from the keyboard, for these words only.
    await press(advocate, 'Dismiss this note');
    await tip.waitFor({ state: 'detached' });
    await composer.focus();
    await advocate.keyboard.press('Enter');
    await participant.getByRole('log', { name: 'Conversation' }).getByText('ok lol', { exact: true }).waitFor();

    await composer.focus();
    await advocate.keyboard.type('Thank you 🌷');
    await tip.getByText(/Emoji 🌷/).waitFor();
    await composer.fill('');
    await tip.waitFor({ state: 'detached' });

    // Once the participant has used them, they are theirs to share.
    await say(participant, 'lol thank you 🌷');
    await advocate.getByRole('log', { name: 'Conversation' }).getByText('lol thank you 🌷', { exact: true }).waitFor();
    await composer.focus();
    await advocate.keyboard.type('lol 🌷 glad to hear it btw');
    // Only what is new to this conversation is named.
    await tip.getByText(/^Shorthand “btw” may not read the same way/).waitFor();
    expect(await tip.textContent()).not.toMatch(/lol|🌷/);
    await advocate.keyboard.press('Enter');
    await participant.getByRole('log', { name: 'Conversation' }).getByText('lol 🌷 glad to hear it btw', { exact: true }).waitFor();
    await endChat(participant);

    expect(found).toEqual([]);
  });
});
