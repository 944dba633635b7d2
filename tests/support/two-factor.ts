import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { nextTotpCode, rememberTotpSecret, totpCodeFor } from '../../apps/server/test/support/clients';

/*
 * The authenticator app of a browser test. Secrets are shared with the Node helpers in
 * apps/server/test/support/clients.ts, so an account made either way signs in either way, and no
 * code is used twice (the server takes each once).
 */

const CODE_LABEL = 'Code from your authenticator app';
const serverOf = (page: Page) => new URL(page.url()).origin;

/** Types the next code of an enrolled account into the sign-in (or password change) form. */
export async function typeTotpCode(page: Page, username: string): Promise<void> {
  await page.getByLabel(CODE_LABEL).fill(await totpCodeFor(serverOf(page), username));
}

/** Reads the secret the setup or join screen shows, as a person adding it to their app would, and types its first code. */
export async function enrolTotp(page: Page, username: string): Promise<string> {
  const secret = await page.locator('.totp-secret').getAttribute('data-secret');
  if (!secret) throw new Error('no TOTP secret on the page');
  // What the page shows is the secret grouped in fours; the QR code carries the same secret.
  expect((await page.locator('.totp-secret').textContent())?.replace(/\s/g, '')).toBe(secret);
  rememberTotpSecret(serverOf(page), username, secret);
  await page.getByLabel(CODE_LABEL).fill(await nextTotpCode(secret));
  return secret;
}
