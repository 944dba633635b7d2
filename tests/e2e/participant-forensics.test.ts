import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumOptions } from '../support/browser';
import { loadFixtures } from '../support/fixtures';
import { Advocate, profileFilesContaining, say, sees, startChat, startStack, waitUntilErased, type Stack } from '../support/participant';

/**
 * Acceptance 1: after a chat, nothing of it is left in the browser's profile directory: not a
 * sentence in any script, not the conversation id, not the token; whether the advocate ended it
 * or the participant left by quick exit halfway through.
 */
const fixtures = loadFixtures();
const sentence = (lang: string) => fixtures.messages.find((m) => m.lang === lang)!.text;
const reversed = (text: string) => (text.includes(' ') ? text.split(' ').reverse().join(' ') : Array.from(text).reverse().join(''));
const PARTICIPANT_SAYS = ['en', 'ar', 'hi', 'zh'].map(sentence);
const ADVOCATE_SAYS = PARTICIPANT_SAYS.map(reversed);

describe('forensic sweep of the browser profile', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** A fresh profile on disk, the chat page open in it, and what the server told the page at start. */
  async function chatInFreshProfile() {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-profile-'));
    const context = await chromium.launchPersistentContext(dir, chromiumOptions());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${stack.server.url}/`);
    const started = page.waitForResponse((r) => r.url().endsWith('/api/conversations') && r.request().method() === 'POST');
    await startChat(page);
    const { conversationId, token } = (await (await started).json()) as { conversationId: string; token: string };
    const advocate = await Advocate.connect(stack);
    expect(await advocate.answer()).toBe(conversationId);
    await page.getByText(/has joined/).waitFor();
    for (let i = 0; i < PARTICIPANT_SAYS.length; i++) {
      await say(page, PARTICIPANT_SAYS[i]!);
      await advocate.hears(PARTICIPANT_SAYS[i]!);
      await advocate.say(ADVOCATE_SAYS[i]!);
      await sees(page, ADVOCATE_SAYS[i]!);
    }
    // Something typed and not sent: a draft must not be kept either.
    await page.getByLabel('Message', { exact: true }).fill(`${sentence('fr')} (draft)`);
    return { dir, context, page, advocate, conversationId, token };
  }

  async function sweep(dir: string, context: BrowserContext, needles: string[]) {
    await context.close();
    try {
      // The search does read the profile: the chat's own address is in the history, as expected.
      expect(await profileFilesContaining(dir, [stack.server.url.replace('http://', '')])).not.toEqual([]);
      return await profileFilesContaining(dir, needles);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const draft = `${sentence('fr')} (draft)`;

  it('finds nothing of a chat the advocate ended, once the browser is closed', async () => {
    const { dir, context, page, advocate, conversationId, token } = await chatInFreshProfile();
    advocate.end();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await waitUntilErased(stack, conversationId);
    advocate.close();
    expect(await sweep(dir, context, [...PARTICIPANT_SAYS, ...ADVOCATE_SAYS, draft, conversationId, token])).toEqual([]);
  });

  it('finds nothing when the tab goes to another site in the middle of a chat, a draft typed', async () => {
    const { dir, context, page, advocate, conversationId, token } = await chatInFreshProfile();
    // The chat stays in the tab's history; Chromium saves a history entry's form fields to disk
    // for session restore unless the page opts out (autocomplete="off").
    await page.goto(`${stack.neutral.url}/news`);
    const hits = await sweep(dir, context, [...PARTICIPANT_SAYS, ...ADVOCATE_SAYS, draft, conversationId, token]);
    advocate.end();
    await waitUntilErased(stack, conversationId);
    advocate.close();
    expect(hits).toEqual([]);
  });

  it('finds nothing after a quick exit in the middle of a chat', async () => {
    const { dir, context, page, advocate, conversationId, token } = await chatInFreshProfile();
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(stack.exitUrl);
    await waitUntilErased(stack, conversationId);
    advocate.close();
    expect(await sweep(dir, context, [...PARTICIPANT_SAYS, ...ADVOCATE_SAYS, draft, conversationId, token])).toEqual([]);
  });
});
