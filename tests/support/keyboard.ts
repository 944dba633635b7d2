import type { Page } from 'playwright-core';

export interface FocusTarget {
  id?: string;
  text?: string;
  tag?: string;
  /** A CSS selector the element matches. */
  selector?: string;
}

export const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after 80 presses. */
export async function tabTo(page: Page, target: FocusTarget, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const found = await page.evaluate(({ id, text, tag, selector }) => {
      const el = document.activeElement;
      if (!el) return false;
      return (
        (id === undefined || el.id === id) &&
        (text === undefined || el.textContent?.trim() === text) &&
        (tag === undefined || el.tagName === tag) &&
        (selector === undefined || el.matches(selector))
      );
    }, target);
    if (found) return;
  }
  throw new Error(`focus never reached ${JSON.stringify(target)}`);
}
