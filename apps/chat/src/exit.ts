/*
 * The simple quick exit: hide everything at once, then replace this page in the history so Back
 * does not return to it. (Shift pressed three times and Clear-Site-Data come later.)
 */
import { clear, h } from './dom';

let beforeExit: (() => void) | null = null;

/** Lets the running chat end itself (tell the server, drop keys) on the way out. */
export function onExit(hook: (() => void) | null): void {
  beforeExit = hook;
}

export function quickExit(url: string): void {
  // Hidden first: the page must vanish even if anything after this is slow or fails.
  clear(document.body);
  try {
    beforeExit?.();
  } catch {
    // Leaving matters more than a clean goodbye.
  }
  location.replace(url);
}

export function exitButton(url: string, label: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'exit' }, label);
  button.addEventListener('click', () => quickExit(url));
  return button;
}
