import type { Locator, Page } from 'playwright-core';
import { typeTotpCode } from './two-factor';

export interface SignInOptions {
  /**
   * What shows once the sign-in is done (the Conversations link unless told), waited for up to
   * 30 s since unsealing the keys takes a while; null to return as soon as Sign in is pressed.
   */
  until?: Locator | null;
}

/** Signs in through the console's form, with the account's next authenticator code. */
export async function signInToConsole(page: Page, username: string, password: string, { until }: SignInOptions = {}): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await typeTotpCode(page, username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const landing = until === undefined ? page.getByRole('link', { name: 'Conversations' }) : until;
  await landing?.waitFor({ timeout: 30_000 });
}
