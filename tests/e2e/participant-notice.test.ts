import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dumpTables, filesContaining } from '../../apps/server/test/support/scan';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { startStack, type Stack } from '../support/participant';

/**
 * What comes before a participant's first message: the rights notice (the composer stays shut
 * until "I understand"), the device-safety check-in ("No" shows safer ways and a way out), the
 * program's optional questions (each can be skipped; answers reach the advocate decrypted and the
 * database never holds them readable), in Arabic too; the admin's Notices tab, whose words the
 * page then shows; and the public "what we keep" page, made from the retention in force.
 */
const RIGHTS = 'Sentinel notice: we are here to listen, and you decide what to share with us.';
const TOWN = 'Sentinel answer: the harbour town by the lighthouse';

describe('before the first message', () => {
  let stack: Stack;
  let browser: Browser;
  let console_: Page;

  beforeAll(async () => {
    stack = await startStack({ retentionDays: 2 });
    browser = await launchChromium();
    console_ = await (await browser.newContext()).newPage();
    await console_.goto(`${stack.server.url}/staff/`);
    await signInToConsole(console_, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const participantPage = async (locale = 'en-US') => {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto(`${stack.server.url}/`);
    return page;
  };

  /** The advocate answers from the console and the conversation opens there. */
  const answer = async () => {
    await console_.getByRole('link', { name: 'Conversations' }).click();
    await console_.getByRole('button', { name: 'Answer' }).click();
    await console_.getByRole('log', { name: 'Conversation' }).waitFor();
  };

  const endFromPage = async (page: Page) => {
    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('button', { name: 'Yes, end the chat' }).click();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
  };

  it('keeps the composer shut until "I understand", then asks whether the device is safe', async () => {
    const page = await participantPage();
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('heading', { name: 'Before you start' }).waitFor();
    await page.getByText(/Our staff must report some situations/).waitFor();
    expect(await page.locator('#message').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-rights-notice');

    await answer();
    await console_.getByText('Has not acknowledged the rights notice yet').waitFor();
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('heading', { name: 'Is it safe for you to chat on this device right now?' }).waitFor();
    expect(await page.locator('#message').isDisabled()).toBe(true);
    await console_.getByText('Read the rights notice and pressed “I understand”.').waitFor();

    await page.getByRole('button', { name: 'Yes', exact: true }).click();
    await page.locator('#message:enabled').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    await endFromPage(page);
    // The program's closing words are on the screen after the chat.
    await page.getByText(/Thank you for reaching out/).waitFor();
  });

  it('answers "No" with safer ways and a way out; carrying on tells the advocate, end-to-end encrypted', async () => {
    const page = await participantPage();
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('button', { name: 'No', exact: true }).click();
    const panel = page.locator('.prechat');
    await panel.getByRole('heading', { name: 'Safer ways to reach us' }).waitFor();
    await panel.getByText(/use a device the other person cannot use or check/).waitFor();
    await panel.getByText(/delete this page from your history/).waitFor();
    await panel.getByText('1-800-555-0100').waitFor();
    await panel.getByRole('button', { name: 'Exit' }).waitFor();
    expect(await page.locator('#message').isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-safety-no');

    await panel.getByRole('button', { name: 'Continue here' }).click();
    await page.locator('#message:enabled').waitFor();
    await answer();
    const answers = console_.locator('.message.pre-chat');
    await answers.getByText('Answers before the chat').waitFor();
    await answers.getByText('They said this device is not safe to chat on right now.').waitFor();
    // What the page showed, as the page reported it: the program's one other way.
    await answers.getByText(/They were shown the advice for an unsafe device and these other ways to reach you: Hotline: 1-800-555-0100\./).waitFor();
    await screenshot(console_, 'advocate-pre-chat-unsafe');
    await endFromPage(page);
  });

  it('shows the words an admin saves in the Notices tab, and optional questions that can be skipped', async () => {
    await console_.getByRole('link', { name: 'Notices' }).click();
    await console_.getByRole('heading', { name: 'Notices', level: 1 }).waitFor();
    await console_.getByLabel('Rights and choices').fill(RIGHTS);
    // The preview follows the text as it is typed, as the participant page will show it.
    await console_.locator('.participant-preview').getByText(RIGHTS).waitFor();
    await console_.getByRole('button', { name: 'Add a question' }).click();
    const first = console_.getByRole('group', { name: 'Question 1' });
    await first.getByRole('group', { name: 'English' }).getByLabel('Question').fill('Which town are you in?');
    await first.getByRole('group', { name: 'English' }).getByLabel('Why you ask it').fill('To find help near you.');
    await console_.getByRole('button', { name: 'Add a question' }).click();
    const second = console_.getByRole('group', { name: 'Question 2' });
    await second.getByLabel('Answer').selectOption('choice');
    await second.getByRole('group', { name: 'English' }).getByLabel('Question').fill('Are you safe right now?');
    await second.getByRole('group', { name: 'English' }).getByLabel('Why you ask it').fill('To know how quickly to help.');
    await second.getByRole('group', { name: 'English' }).getByLabel('Choices, one per line').fill('Yes\nNo\nNot sure');
    expect(await seriousViolations(console_)).toEqual([]);
    await console_.getByRole('button', { name: 'Save notices and questions' }).click();
    await console_.getByText('Saved. Chats that start from now on show these words.').waitFor();
    await screenshot(console_, 'console-notices');

    const page = await participantPage();
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByText(RIGHTS).waitFor();
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('button', { name: 'Yes', exact: true }).click();
    await page.getByRole('heading', { name: 'Optional question 1 of 2' }).waitFor();
    await page.getByText('To find help near you.').waitFor();
    await page.getByLabel('Which town are you in?').fill(TOWN);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Optional question 2 of 2' }).waitFor();
    await page.getByRole('group', { name: 'Are you safe right now?' }).waitFor();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.locator('#message:enabled').waitFor();

    await answer();
    const answers = console_.locator('.message.pre-chat');
    await answers.getByText('Which town are you in?').waitFor();
    await answers.getByText(TOWN).waitFor();
    // The skipped question is not there, and the participant said the device is safe.
    expect(await answers.getByText('Are you safe right now?').count()).toBe(0);
    await answers.getByText('They said this device is safe to chat on right now.').waitFor();
    // Only ciphertext at rest: no table and no database file holds the answer.
    expect(await dumpTables(stack.ts.store.db)).not.toContain(TOWN);
    expect(await filesContaining(stack.ts.dataDir!, [TOWN])).toEqual([]);
    await endFromPage(page);
  });

  it('reads right to left in Arabic', async () => {
    const page = await participantPage('ar-EG');
    await page.getByRole('button', { name: 'ابدأ محادثة' }).click();
    await page.getByRole('heading', { name: 'قبل أن تبدأ' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const notice = page.locator('.prechat .notice');
    expect(await notice.getAttribute('dir')).toBe('auto');
    // The admin changed the English words only: the Arabic notice is the built-in one, in its own direction.
    expect(await notice.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await page.getByText(/يجب على فريقنا الإبلاغ/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'participant-rights-notice-ar');
    await page.getByRole('button', { name: 'فهمت' }).click();
    await page.getByRole('heading', { name: 'هل من الآمن لك أن تتحدث على هذا الجهاز الآن؟' }).waitFor();
    await page.getByRole('button', { name: 'لا', exact: true }).click();
    await page.getByRole('heading', { name: 'طرق أكثر أمانًا للتواصل معنا' }).waitFor();
    await screenshot(page, 'participant-safety-no-ar');
  });

  it('links "what we keep" from the first screen, made from the retention in force', async () => {
    const page = await participantPage();
    await page.getByRole('link', { name: 'How this chat works and what we keep' }).click();
    await page.getByRole('heading', { name: 'How this chat works and what we keep' }).waitFor();
    await page.getByText(/its encrypted messages are kept for 2 days, then deleted/).waitFor();
    await page.getByText(RIGHTS).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'about-this-chat');
    await page.goto(`${stack.server.url}/about-this-chat?lang=ar`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText(/تُحفظ رسائلها المشفّرة مدة يومين/).waitFor();
  });
});
